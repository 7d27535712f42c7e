import { adminRoleFix, adminRoleProblem, readAdminRoles } from "../../okta/admin-roles.js";
import type { Check } from "../check.js";
import { skipped } from "../findings.js";
import { gatherFacts } from "../setup-facts.js";

/**
 * The service app holds no admin role. Its private key sits in OpenMetadata's workflowConfig; with the
 * org setting "Public client app admins" on, the Okta API grants alone make it a SUPER_ADMIN
 * (REAL-ORG.md: "Grants, roles and who may do what").
 */
export const serviceAppRoles: Check = {
  id: "service-app-roles",
  title: "Okta service app holds no admin role (least privilege)",
  needs: ["admin-token"],
  async run(ctx) {
    const api = ctx.api!;
    const facts = await gatherFacts(ctx);
    const clientId = ctx.manifest?.serviceClientId ?? facts.serviceClientId;
    if (!clientId) return skipped("this setup has no Okta service app");
    const finding = await readAdminRoles(api, clientId);
    if (finding.unreadable) {
      return { status: "warn", detail: `could not read the roles of ${clientId} (${finding.unreadable})`, fix: "run doctor with a Super Administrator's API token (OKTA_OM_API_TOKEN) to check the service app's admin roles" };
    }
    if (finding.roles.length > 0) return { status: "fail", detail: adminRoleProblem(clientId, finding.roles), fix: adminRoleFix(api.orgUrl, clientId) };
    return { status: "pass", detail: `the service app ${clientId} holds no admin role` };
  },
};
