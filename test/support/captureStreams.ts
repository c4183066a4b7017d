/** stdout/stderr stand-ins that collect what a command writes. */
export function captureStreams() {
  const out = { stdout: '', stderr: '' };
  const io = {
    stdout: {
      write: (s: string) => {
        out.stdout += s;
      },
    },
    stderr: {
      write: (s: string) => {
        out.stderr += s;
      },
    },
  };
  return { io, out };
}
