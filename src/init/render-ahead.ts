// The OpenMetadata files are rendered at the very end of init, after the last Okta round; yet all
// they are made from (the sign-in app, the service app, the issuer, the key) is known two rounds
// earlier, while the access policy and its rule are still being written. Rendering them then puts
// that CPU (~15 ms: the YAML emitter's first run) into a wait instead of after it. finishInit uses
// the result only when it was made from exactly the input it ends up with, and renders again
// otherwise, so the files are the same either way.
import type { OmConfigInput } from "../openmetadata/om-config-input.js";
import { renderOpenMetadataFiles } from "../openmetadata/render-openmetadata-files.js";
import { Secret } from "../secret.js";

/** Files rendered ahead, with the input they were rendered from. */
export interface RenderedAhead {
  input: OmConfigInput;
  rendered: ReturnType<typeof renderOpenMetadataFiles>;
}

/** Renders `input`'s files; undefined when it cannot (the real render then reports why). */
export function renderAhead(input: OmConfigInput | undefined): RenderedAhead | undefined {
  if (!input) return undefined;
  try {
    return { input, rendered: renderOpenMetadataFiles(input) };
  } catch {
    return undefined;
  }
}

/** The files rendered ahead when they were made from `input` itself (secrets compared by value). */
export function renderedFor(ahead: RenderedAhead | undefined, input: OmConfigInput): RenderedAhead["rendered"] | undefined {
  return ahead && sameInput(ahead.input, input) ? ahead.rendered : undefined;
}

/**
 * Deep equality. A Secret serialises as "[redacted]" (its toJSON runs before any replacer sees it),
 * so the replacer looks at the holder's original value and compares Secrets by value, in memory only.
 */
function sameInput(a: OmConfigInput, b: OmConfigInput): boolean {
  const canonical = (value: OmConfigInput): string =>
    JSON.stringify(value, function (this: Record<string, unknown>, key: string, serialised: unknown) {
      const original = this[key];
      return original instanceof Secret ? { secret: original.reveal() } : serialised;
    });
  return canonical(a) === canonical(b);
}
