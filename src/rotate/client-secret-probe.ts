// Whether Okta accepts a client secret: the check OpenMetadata's 1.10+ validator makes (VERSIONS.md
// "Confidential client": HTTP Basic at the introspection endpoint, 401 = wrong secret).
import { outboundFetch } from "../net/outbound-fetch.js";
import type { Secret } from "../secret.js";

const TIMEOUT_MS = 10_000;

export async function oktaAcceptsSecret(issuer: string, clientId: string, secret: Secret): Promise<boolean> {
  // The proxy and CA policy of every other request (issue 15, item 9).
  const send = outboundFetch(process.env);
  const discovery = await send(`${issuer.replace(/\/+$/, "")}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(TIMEOUT_MS) });
  const doc = discovery.ok ? ((await discovery.json()) as { introspection_endpoint?: unknown }) : undefined;
  const endpoint = typeof doc?.introspection_endpoint === "string" ? doc.introspection_endpoint : `${issuer.replace(/\/+$/, "")}/v1/introspect`;
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secret.reveal())}`).toString("base64");
  const answer = await send(endpoint, {
    method: "POST",
    headers: { Authorization: `Basic ${basic}`, "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({ token: "okta-om-setup-rotation-probe" }).toString(),
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
  return answer.status === 200;
}
