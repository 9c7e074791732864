import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asyncLogDestination } from './log-destination';

describe(asyncLogDestination.name, () => {
  it('writes every line whole and in order, multi-byte characters included', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'parley-log-'));
    const file = join(dir, 'out.log');
    const fd = openSync(file, 'w');
    try {
      const stream = asyncLogDestination(fd);
      const lines = Array.from(
        { length: 2_000 },
        (_, i) => `{"n":${i},"msg":"Zürich — 東京 ${i}"}\n`,
      );
      // Written while earlier writes are under way, so that lines pile up between writes.
      for (const line of lines) stream.write(line);
      // end() writes what is pending, then closes the descriptor.
      await new Promise<void>((resolve) => {
        stream.on('close', () => resolve());
        stream.end();
      });
      expect(readFileSync(file, 'utf8')).toBe(lines.join(''));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
