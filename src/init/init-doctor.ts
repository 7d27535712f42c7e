import type { OktaApi } from "../okta/okta-api.js";
import type { Output } from "../output/output.js";

export interface InitDoctorRequest {
  outDir: string;
  omUrl: string;
  api: OktaApi;
  out: Output;
  json: boolean;
}

/** Runs doctor over what init just wrote. (Wired to the doctor runner once it lands.) */
export function runInitDoctor(request: InitDoctorRequest): Promise<{ failed: boolean; results: unknown[] }> {
  request.out.info("  (doctor is not wired into init yet)");
  return Promise.resolve({ failed: false, results: [] });
}
