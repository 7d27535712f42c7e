// Runs before every test file: no test may see the developer's Okta config, proxies or HOME.
// The Okta SDK reads ~/.okta/okta.yaml, ./okta.yaml and OKTA_CLIENT_* before its arguments,
// and honours HTTPS_PROXY even for http://127.0.0.1, so all of them are cleared here.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

for (const key of Object.keys(process.env)) {
  if (/^(OKTA_|HTTPS?_PROXY$|https?_proxy$|ALL_PROXY$|all_proxy$|NO_PROXY$|no_proxy$|CI$)/.test(key)) {
    delete process.env[key];
  }
}
const home = mkdtempSync(join(tmpdir(), "okta-om-home-"));
process.env.HOME = home;
process.env.XDG_CONFIG_HOME = join(home, ".config");
process.env.NO_COLOR = "1";
