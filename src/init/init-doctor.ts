import type { OktaApi } from "../okta/okta-api.js";
import type { Output } from "../output/output.js";
import type { OmClient } from "../openmetadata/api/om-client.js";

export interface InitDoctorRequest {
  outDir: string;
  omUrl: string;
  api: OktaApi;
  /** init's OpenMetadata admin access, so doctor can ask the 1.10+ validator. */
  omAdmin?: OmClient;
  out: Output;
  json: boolean;
}

/** Runs doctor over what init just wrote, reusing init's Okta client for the object checks. */
export async function runInitDoctor(request: InitDoctorRequest): Promise<{ failed: boolean; results: unknown[] }> {
  const [{ doctorContextForInit }, { runDoctorForInit }] = await Promise.all([import("../doctor/load-context.js"), import("../doctor/doctor-command.js")]);
  request.out.info("");
  request.out.step("Checking the setup the way OpenMetadata uses it (doctor):");
  const ctx = await doctorContextForInit({ outDir: request.outDir, omUrl: request.omUrl, api: request.api, omAdmin: request.omAdmin });
  return runDoctorForInit(ctx, request.out, { json: request.json });
}
