import { createPrivateKey, createPublicKey } from "node:crypto";
import type { KeyObject } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { Secret } from "../secret.js";

/** A usable RSA private key and its public half (n, e), plus notes about how OpenMetadata will read it. */
export interface InterpretedKey {
  ok: true;
  format: "jwk" | "pem" | "pem-file";
  key: KeyObject;
  publicJwk: { kty: "RSA"; n: string; e: string };
  /** The JWK's own kid, if any (OpenMetadata never sends it). */
  kid?: string;
  modulusLength: number;
  /** Works in OpenMetadata but deserves a note (e.g. Python-literal quoting). */
  notes: string[];
}

export type KeyInterpretation = InterpretedKey | { ok: false; problem: string };

const PRIVATE_MEMBERS = ["n", "e", "d", "p", "q", "dp", "dq", "qi"];
const NOT_SUPPORTED = "OpenMetadata fails with \"RSA key format is not supported\"";

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseObject(text: string): { value?: unknown; pythonLiteral: boolean } {
  try {
    return { value: JSON.parse(text) as unknown, pythonLiteral: false };
  } catch {
    // okta-sdk-python uses ast.literal_eval, so {'kty': 'RSA', ...} works there too.
    try {
      return { value: JSON.parse(text.replace(/'/g, '"')) as unknown, pythonLiteral: true };
    } catch {
      return { pythonLiteral: false };
    }
  }
}

function fromJwkText(text: string): KeyInterpretation {
  const { value, pythonLiteral } = parseObject(text);
  if (!isRecord(value)) return { ok: false, problem: "privateKey starts with \"{\" but is not a JSON object" };
  if ("keys" in value) {
    return { ok: false, problem: "privateKey is a JWK Set ({\"keys\": [...]}); okta-sdk-python needs the single private JWK and fails in jwk.construct" };
  }
  if (value.kty !== "RSA") return { ok: false, problem: `privateKey is not an RSA JWK (kty ${typeof value.kty === "string" ? JSON.stringify(value.kty) : "missing"}); OpenMetadata signs RS256` };
  if (value.d === undefined) return { ok: false, problem: "privateKey is a public JWK (no \"d\"); OpenMetadata needs the private key" };
  // okta-sdk-python reads the JWK with ast.literal_eval: JSON's true/false/null are not Python literals.
  const nonPython = Object.entries(value).filter(([, v]) => typeof v === "boolean" || v === null).map(([k]) => k);
  if (nonPython.length > 0 && !pythonLiteral) {
    return { ok: false, problem: `privateKey has JSON true/false/null members (${nonPython.join(", ")}), which okta-sdk-python's ast.literal_eval rejects; remove them (e.g. "ext")` };
  }
  const missing = PRIVATE_MEMBERS.filter((m) => typeof value[m] !== "string" || value[m] === "");
  if (missing.length > 0) return { ok: false, problem: `privateKey lacks the private RSA members ${missing.join(", ")}` };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: { ...value, kty: "RSA" } as never, format: "jwk" });
  } catch {
    return { ok: false, problem: "privateKey is an RSA JWK that cannot be imported (its members do not form a key)" };
  }
  const notes = pythonLiteral ? ["privateKey uses single quotes (a Python literal): okta-sdk-python reads it, JSON tools do not"] : [];
  return finish(key, "jwk", notes, typeof value.kid === "string" ? value.kid : undefined);
}

function fromPem(text: string, format: "pem" | "pem-file"): KeyInterpretation {
  if (/ENCRYPTED/.test(text)) return { ok: false, problem: `privateKey is a passphrase-protected PEM; ${NOT_SUPPORTED}` };
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: "pem" });
  } catch {
    return { ok: false, problem: `privateKey is a PEM that cannot be parsed; ${NOT_SUPPORTED}` };
  }
  return finish(key, format, ["privateKey is a PEM: okta-sdk-python accepts it, but OpenMetadata documents only the JWK form"]);
}

function finish(key: KeyObject, format: InterpretedKey["format"], notes: string[], kid?: string): KeyInterpretation {
  if (key.asymmetricKeyType !== "rsa") return { ok: false, problem: `privateKey is not an RSA key (${key.asymmetricKeyType ?? "unknown"}); OpenMetadata signs RS256` };
  const pub = createPublicKey(key).export({ format: "jwk" });
  if (typeof pub.n !== "string" || typeof pub.e !== "string") return { ok: false, problem: "privateKey has no RSA public part" };
  return { ok: true, format, key, publicJwk: { kty: "RSA", n: pub.n, e: pub.e }, kid, modulusLength: key.asymmetricKeyDetails?.modulusLength ?? 0, notes };
}

/**
 * Reads `privateKey` exactly as okta-sdk-python's JWT.get_PEM_JWK does: a value whose first
 * character is "{" is one JWK (a JWKS wrapper fails), anything else is a PEM file path or PEM text.
 * Problems never quote the value.
 */
export function interpretPrivateKey(secret: Secret): KeyInterpretation {
  const text = secret.reveal();
  if (text.startsWith("{")) return fromJwkText(text);
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    return { ok: false, problem: `privateKey starts with whitespace before "{": okta-sdk-python then reads it as a PEM and ${NOT_SUPPORTED.replace("OpenMetadata ", "")}` };
  }
  if (trimmed.includes("-----BEGIN")) return fromPem(trimmed, "pem");
  if (trimmed !== "" && !trimmed.includes("\n") && trimmed.length < 4096 && existsSync(trimmed)) {
    let fileText: string;
    try {
      fileText = readFileSync(trimmed, "utf8");
    } catch {
      return { ok: false, problem: "privateKey names a file that cannot be read" };
    }
    return fileText.includes("-----BEGIN") ? fromPem(fileText.trim(), "pem-file") : { ok: false, problem: `privateKey names a file that holds no PEM; ${NOT_SUPPORTED}` };
  }
  if (trimmed === "") return { ok: false, problem: "privateKey is empty" };
  return { ok: false, problem: `privateKey is neither a JWK starting with "{" nor a PEM; ${NOT_SUPPORTED}` };
}
