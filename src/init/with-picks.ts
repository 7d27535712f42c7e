import type { Manifest } from "../manifest/manifest.js";

/**
 * The out-dir's manifest with the wizard's picks on top (an explicit undefined drops a remembered
 * id). Its own module: a headless run calls it too (with no picks), and loading the wizard's
 * plan review for it cost a headless init ~10 ms between its first and second round.
 */
export function withPicks(manifest: Manifest, picks: Partial<Manifest>): Manifest {
  const merged: Manifest = { ...manifest, ...picks };
  if (picks.trustedOriginIds) merged.trustedOriginIds = { ...manifest.trustedOriginIds, ...picks.trustedOriginIds };
  return merged;
}
