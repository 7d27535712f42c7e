/**
 * The OIDC scopes Okta creates on every custom authorization server (`system: true`), with the
 * display names and descriptions a real org lists for them.
 */
export const SYSTEM_SCOPES = [
  { name: "openid", displayName: "openid", description: "Signals that a request is an OpenID request." },
  {
    name: "profile",
    displayName: "View your profile information.",
    description: "The exact data varies based on what profile information you have provided, such as: name, time zone, picture, or birthday.",
  },
  { name: "email", displayName: "View your email address.", description: "This allows the app to view your email address." },
  {
    name: "address",
    displayName: "View your address.",
    description: "This allows the app to view your address, such as: street address, city, state, and zip code.",
  },
  { name: "phone", displayName: "View your phone number.", description: "This allows the app to view your phone number." },
  {
    name: "offline_access",
    displayName: "Keep you signed in to the app.",
    description: "This keeps you signed in to the app, even when you are not using it.",
  },
  {
    name: "device_sso",
    displayName: "Request device secret.",
    description: "This allows you to single sign on between native client applications on your device.",
  },
] as const;

export const SYSTEM_SCOPE_NAMES: readonly string[] = SYSTEM_SCOPES.map((s) => s.name);
