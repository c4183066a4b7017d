/* Progress of a long read on a terminal: the stage, and for the reading of many files, which file of how many
 * (with the share of bytes read so far). Written to stderr, redrawn in place; silent when not on a terminal. */

export interface Progress {
  stage(name: string): void;
  file(done: number, total: number, name: string, bytesDone: number, bytesTotal: number): void;
  finish(summary: string): void;
}

export const silentProgress: Progress = { stage() {}, file() {}, finish() {} };

export function terminalProgress(stderr: { write(s: string): unknown }): Progress {
  const started = Date.now();
  let last = '';
  const draw = (text: string) => {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const line = `${text} (${seconds} s)`;
    stderr.write(`\r${line}${' '.repeat(Math.max(0, last.length - line.length))}`);
    last = line;
  };
  return {
    stage: (name) => draw(`profiling: ${name}`),
    file: (done, total, name, bytesDone, bytesTotal) =>
      draw(
        `profiling: reading ${name} (file ${done + 1} of ${total}, ${Math.floor((100 * bytesDone) / Math.max(bytesTotal, 1))}% of the data read)`,
      ),
    finish: (summary) => {
      draw(summary);
      stderr.write('\n');
    },
  };
}
