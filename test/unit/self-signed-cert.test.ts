import { X509Certificate, createPrivateKey, createPublicKey, verify } from "node:crypto";
import { once } from "node:events";
import type { Server } from "node:https";
import { createServer, request } from "node:https";
import type { RequestOptions } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

import {
  bitString,
  contextExplicit,
  contextImplicit,
  encodeLength,
  generalizedTime,
  integer,
  objectIdentifier,
  sequence,
  set,
  utcTime,
} from "../../src/sandbox/tls/der.js";
import { createSelfSignedCertificate } from "../../src/sandbox/tls/self-signed-cert.js";
import type { SelfSignedCertificate } from "../../src/sandbox/tls/self-signed-cert.js";

// A read-only DER walker, independent of the encoder under test, so the tests check the bytes
// themselves rather than trusting the same code that wrote them.
interface Tlv {
  tag: number;
  content: Buffer;
  raw: Buffer;
}

function readTlv(buf: Buffer, offset = 0): Tlv {
  const tag = buf.readUInt8(offset);
  const first = buf.readUInt8(offset + 1);
  let length = first;
  let header = 2;
  if (first & 0x80) {
    const count = first & 0x7f;
    length = buf.readUIntBE(offset + 2, count);
    header += count;
  }
  const end = offset + header + length;
  if (end > buf.length) throw new Error("truncated DER");
  return { tag, content: buf.subarray(offset + header, end), raw: buf.subarray(offset, end) };
}

function children(content: Buffer): Tlv[] {
  const items: Tlv[] = [];
  for (let offset = 0; offset < content.length; ) {
    const item = readTlv(content, offset);
    items.push(item);
    offset += item.raw.length;
  }
  return items;
}

function at<T>(items: T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`missing element ${index}`);
  return item;
}

const hex = (buf: Buffer): string => buf.toString("hex");

describe("der helpers", () => {
  test("encodes lengths in short and minimal long form", () => {
    expect(hex(encodeLength(0))).toBe("00");
    expect(hex(encodeLength(127))).toBe("7f");
    expect(hex(encodeLength(128))).toBe("8180");
    expect(hex(encodeLength(255))).toBe("81ff");
    expect(hex(encodeLength(256))).toBe("820100");
    expect(hex(encodeLength(65536))).toBe("83010000");
    expect(() => encodeLength(-1)).toThrow(RangeError);
  });

  test("encodes minimal non-negative integers", () => {
    expect(hex(integer(0))).toBe("020100");
    expect(hex(integer(2))).toBe("020102");
    expect(hex(integer(127))).toBe("02017f");
    expect(hex(integer(128))).toBe("02020080");
    expect(hex(integer(256))).toBe("02020100");
    expect(hex(integer(Buffer.from([0x00, 0x00, 0x01])))).toBe("020101");
    expect(hex(integer(Buffer.from([0xff])))).toBe("020200ff");
    expect(hex(integer(Buffer.alloc(0)))).toBe("020100");
    expect(() => integer(-1)).toThrow(RangeError);
  });

  test("encodes object identifiers", () => {
    expect(hex(objectIdentifier("1.2.840.10045.4.3.2"))).toBe("06082a8648ce3d040302");
    expect(hex(objectIdentifier("2.5.29.17"))).toBe("0603551d11");
    expect(hex(objectIdentifier("1.3.6.1.5.5.7.3.1"))).toBe("06082b06010505070301");
    expect(hex(objectIdentifier("2.999.3"))).toBe("0603883703");
    expect(() => objectIdentifier("1")).toThrow(RangeError);
    expect(() => objectIdentifier("1.40")).toThrow(RangeError);
    expect(() => objectIdentifier("3.1")).toThrow(RangeError);
  });

  test("encodes containers, bit strings and context tags", () => {
    expect(hex(sequence())).toBe("3000");
    expect(hex(set(integer(2), integer(1)))).toBe("3106020101020102");
    expect(hex(bitString(Buffer.from([0x80]), 7))).toBe("03020780");
    expect(() => bitString(Buffer.from([0x80]), 8)).toThrow(RangeError);
    expect(hex(contextExplicit(0, integer(2)))).toBe("a003020102");
    expect(hex(contextImplicit(7, Buffer.from([127, 0, 0, 1])))).toBe("87047f000001");
    // A 200-byte body needs a long-form length.
    expect(hex(sequence(Buffer.alloc(200)).subarray(0, 3))).toBe("3081c8");
  });

  test("encodes times to the second in Zulu", () => {
    const date = new Date("2031-02-03T04:05:06.789Z");
    expect(utcTime(date).toString("latin1")).toBe("\x17\x0d310203040506Z");
    expect(generalizedTime(date).toString("latin1")).toBe("\x18\x0f20310203040506Z");
    expect(() => utcTime(new Date("2050-01-01T00:00:00Z"))).toThrow(RangeError);
    expect(() => utcTime(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("createSelfSignedCertificate", () => {
  let generated: SelfSignedCertificate;
  let cert: X509Certificate;

  beforeAll(() => {
    generated = createSelfSignedCertificate();
    cert = new X509Certificate(generated.certPem);
  });

  test("returns PEM certificate, PKCS#8 key and the SHA-256 fingerprint", () => {
    expect(generated.certPem).toMatch(/^-----BEGIN CERTIFICATE-----\n(?:[A-Za-z0-9+/=]{1,64}\n)+-----END CERTIFICATE-----\n$/);
    expect(generated.keyPem.startsWith(`-----BEGIN ${"PRIVATE"} KEY-----\n`)).toBe(true);
    expect(generated.fingerprint256).toBe(cert.fingerprint256);
    expect(generated.fingerprint256).toMatch(/^(?:[0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  test("is a self-signed, non-CA P-256 certificate with the default CN and SANs", () => {
    expect(cert.subject).toBe("CN=okta-om-setup sandbox");
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.ca).toBe(false);
    expect(cert.keyUsage).toEqual(["1.3.6.1.5.5.7.3.1"]); // Node reports extKeyUsage here
    expect(cert.publicKey.asymmetricKeyDetails).toMatchObject({ namedCurve: "prime256v1" });
    expect(cert.subjectAltName).toBe("IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1");
    expect(cert.verify(cert.publicKey)).toBe(true);
  });

  test("matches 127.0.0.1, ::1 and localhost but nothing else", () => {
    expect(cert.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(cert.checkIP("::1")).toBe("::1");
    expect(cert.checkHost("localhost")).toBe("localhost");
    expect(cert.checkIP("127.0.0.2")).toBeUndefined();
    expect(cert.checkHost("example.com")).toBeUndefined();
  });

  test("is valid now, backdated one hour, for 30 days", () => {
    const from = Date.parse(cert.validFrom);
    const to = Date.parse(cert.validTo);
    const now = Date.now();
    expect(from).toBeLessThanOrEqual(now);
    expect(to).toBeGreaterThan(now);
    expect(to - from).toBe(30 * 86_400_000 + 3_600_000);
  });

  test("the private key belongs to the certificate", () => {
    const fromKey = createPublicKey(createPrivateKey(generated.keyPem)).export({ type: "spki", format: "der" });
    expect(fromKey.equals(cert.publicKey.export({ type: "spki", format: "der" }))).toBe(true);
  });

  test("has the expected DER structure and a DER ECDSA signature over the TBS bytes", () => {
    const [tbs, sigAlg, sigBits] = children(readTlv(cert.raw).content);
    if (!tbs || !sigAlg || !sigBits) throw new Error("certificate must have three parts");
    const fields = children(tbs.content);
    // version [0] EXPLICIT INTEGER 2 (v3)
    expect(hex(at(fields, 0).raw)).toBe("a003020102");
    // serial: positive INTEGER of exactly 16 bytes
    const serial = at(fields, 1);
    expect(serial.tag).toBe(0x02);
    expect(serial.content.length).toBe(16);
    expect(serial.content.readUInt8(0) & 0x80).toBe(0);
    expect(cert.serialNumber).toBe(serial.content.toString("hex").toUpperCase());
    // signature algorithm: ecdsa-with-SHA256, parameters absent, identical inside and outside the TBS
    expect(hex(at(fields, 2).raw)).toBe("300a06082a8648ce3d040302");
    expect(sigAlg.raw.equals(at(fields, 2).raw)).toBe(true);
    // validity uses UTCTime
    expect(children(at(fields, 4).content).map((t) => t.tag)).toEqual([0x17, 0x17]);
    // extensions [3]: basicConstraints, keyUsage (both critical), extKeyUsage, subjectAltName
    const extensions = children(at(children(at(fields, 7).content), 0).content).map((ext) => hex(ext.raw));
    expect(extensions).toEqual([
      "300c0603551d130101ff04023000",
      "300e0603551d0f0101ff040403020780",
      "30130603551d25040c300a06082b06010505070301",
      expect.stringMatching(/^[0-9a-f]+$/) as unknown,
    ]);

    // The BIT STRING holds a DER SEQUENCE { r INTEGER, s INTEGER }, not raw r||s.
    expect(sigBits.tag).toBe(0x03);
    expect(sigBits.content.readUInt8(0)).toBe(0);
    const signature = sigBits.content.subarray(1);
    const ecdsa = readTlv(signature);
    expect(ecdsa.tag).toBe(0x30);
    expect(ecdsa.raw.length).toBe(signature.length);
    expect(children(ecdsa.content).map((t) => t.tag)).toEqual([0x02, 0x02]);
    expect(verify("sha256", tbs.raw, { key: cert.publicKey, dsaEncoding: "der" }, signature)).toBe(true);
  });

  test("uses a fresh key and serial every time", () => {
    const other = new X509Certificate(createSelfSignedCertificate().certPem);
    expect(other.serialNumber).not.toBe(cert.serialNumber);
    expect(other.fingerprint256).not.toBe(cert.fingerprint256);
    expect(other.publicKey.equals(cert.publicKey)).toBe(false);
  });

  test("honours hosts, days, commonName and now", () => {
    const { certPem } = createSelfSignedCertificate({
      hosts: ["192.168.1.10", "2001:DB8::1", "::ffff:192.0.2.1", "Sandbox.Example.Test", "*.dev.test"],
      days: 10,
      commonName: "Zürich sandbox",
      now: new Date("2030-01-15T12:00:00.789Z"),
    });
    const custom = new X509Certificate(certPem);
    expect(custom.subject).toBe("CN=Zürich sandbox");
    expect(custom.subjectAltName).toBe(
      "IP Address:192.168.1.10, IP Address:2001:DB8:0:0:0:0:0:1, IP Address:0:0:0:0:0:FFFF:C000:201, " +
        "DNS:sandbox.example.test, DNS:*.dev.test",
    );
    expect(custom.checkIP("2001:db8:0::1")).toBe("2001:db8:0::1");
    expect(custom.checkHost("sandbox.example.test")).toBe("sandbox.example.test");
    expect(custom.checkHost("api.dev.test")).toBe("*.dev.test");
    expect(custom.checkIP("127.0.0.1")).toBeUndefined();
    expect(new Date(custom.validFrom).toISOString()).toBe("2030-01-15T11:00:00.000Z");
    expect(new Date(custom.validTo).toISOString()).toBe("2030-01-25T12:00:00.000Z");
  });

  test("drops duplicate names", () => {
    const { certPem } = createSelfSignedCertificate({ hosts: ["localhost", "LOCALHOST", "::1", "0:0::1"] });
    expect(new X509Certificate(certPem).subjectAltName).toBe("DNS:localhost, IP Address:0:0:0:0:0:0:0:1");
  });

  test("switches to GeneralizedTime past 2049 as RFC 5280 requires", () => {
    const { certPem } = createSelfSignedCertificate({ now: new Date("2049-12-20T00:00:00Z"), days: 30 });
    const custom = new X509Certificate(certPem);
    const validity = at(children(at(children(readTlv(custom.raw).content), 0).content), 4);
    expect(children(validity.content).map((t) => t.tag)).toEqual([0x17, 0x18]);
    expect(new Date(custom.validTo).toISOString()).toBe("2050-01-19T00:00:00.000Z");
  });

  test.each([
    ["no hosts", { hosts: [] }, /at least one/],
    ["a host with a space", { hosts: ["not a host"] }, /Not a valid IP address or DNS name/],
    ["an underscore", { hosts: ["bad_name.test"] }, /Not a valid IP address or DNS name/],
    ["a bracketed IPv6 address", { hosts: ["[::1]"] }, /Not a valid IP address or DNS name/],
    ["a non-punycode IDN", { hosts: ["bücher.test"] }, /Not a valid IP address or DNS name/],
    ["an IPv6 zone id", { hosts: ["fe80::1%eth0"] }, /zone ids/],
    ["days = 0", { days: 0 }, /days/],
    ["negative days", { days: -1 }, /days/],
    ["days = NaN", { days: Number.NaN }, /days/],
    ["days = Infinity", { days: Number.POSITIVE_INFINITY }, /days/],
    ["a notAfter beyond year 9999", { days: 10_000_000 }, /cannot represent year/],
    ["an empty commonName", { commonName: "" }, /commonName/],
    ["a 65-character commonName", { commonName: "x".repeat(65) }, /commonName/],
    ["an invalid now", { now: new Date(Number.NaN) }, /now/],
  ])("rejects %s", (_label, options, message) => {
    expect(() => createSelfSignedCertificate(options)).toThrow(message);
  });
});

describe("serving TLS with the generated certificate", () => {
  let generated: SelfSignedCertificate;
  let server: Server;
  let port: number;

  beforeAll(async () => {
    generated = createSelfSignedCertificate();
    server = createServer({ cert: generated.certPem, key: generated.keyPem }, (_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, "close");
  });

  // No agent (no connection reuse across cases) and verification forced on, whatever the environment says.
  function get(options: RequestOptions): Promise<{ status: number | undefined; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ path: "/", agent: false, rejectUnauthorized: true, ...options }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode, body }));
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end();
    });
  }

  test("a client trusting the certificate gets 200 over 127.0.0.1", async () => {
    await expect(get({ host: "127.0.0.1", port, ca: generated.certPem })).resolves.toEqual({ status: 200, body: "ok" });
  });

  test("a client trusting the certificate gets 200 for localhost", async () => {
    // family 4 because the server listens on 127.0.0.1 and localhost may resolve to ::1 first.
    await expect(
      get({ host: "localhost", family: 4, servername: "localhost", port, ca: generated.certPem }),
    ).resolves.toEqual({ status: 200, body: "ok" });
  });

  test("a client without the certificate as CA rejects it as self-signed", async () => {
    const error: unknown = await get({ host: "127.0.0.1", port }).then(
      () => new Error("request unexpectedly succeeded"),
      (err: unknown) => err,
    );
    expect((error as NodeJS.ErrnoException).code).toMatch(/^(DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)$/);
  });

  test("a trusted certificate is still rejected for a name it does not list", async () => {
    await expect(
      get({ host: "127.0.0.1", servername: "elsewhere.test", port, ca: generated.certPem }),
    ).rejects.toMatchObject({ code: "ERR_TLS_CERT_ALTNAME_INVALID" });
  });

  test("a client trusting the certificate gets 200 over ::1", async ({ skip }) => {
    const v6 = createServer({ cert: generated.certPem, key: generated.keyPem }, (_req, res) => res.end("ok"));
    const listening = once(v6, "listening").then(
      () => true,
      () => false, // once() rejects on "error": no IPv6 loopback on this machine
    );
    v6.listen(0, "::1");
    if (!(await listening)) skip("IPv6 loopback unavailable");
    try {
      const v6Port = (v6.address() as AddressInfo).port;
      await expect(get({ host: "::1", port: v6Port, ca: generated.certPem })).resolves.toEqual({ status: 200, body: "ok" });
    } finally {
      v6.closeAllConnections();
      v6.close();
    }
  });
});
