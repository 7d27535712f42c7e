import { writeManifest, type Manifest } from "./manifest.js";

/**
 * Serialises manifest updates from concurrent steps: each patch is merged into the latest manifest
 * and written atomically, in order. Patches that change nothing are not written.
 */
export class ManifestWriter {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly outDir: string,
    private current: Manifest,
    /** False for --plan: remember nothing. */
    private readonly enabled = true,
  ) {}

  get manifest(): Manifest {
    return this.current;
  }

  update(patch: Partial<Manifest>): Promise<void> {
    const next = { ...this.current, ...patch };
    if (JSON.stringify(next) === JSON.stringify(this.current)) return this.chain;
    this.current = next;
    const snapshot = next;
    this.chain = this.chain.then(() => (this.enabled ? writeManifest(this.outDir, snapshot) : undefined));
    return this.chain;
  }

  /** Resolves once every queued write is on disk. */
  flush(): Promise<void> {
    return this.chain;
  }
}
