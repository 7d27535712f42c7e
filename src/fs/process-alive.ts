/**
 * True when a process with this pid exists. EPERM means it exists but belongs to another user:
 * alive too. Used to tell a crashed writer's leftovers (its lock, its temp files) from a live one's.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
