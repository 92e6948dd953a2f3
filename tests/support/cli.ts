import { runCli } from '../../src/main/cli/main';

/** The command line run in this process (no environment), with what it printed. */
export async function runCliCaptured(
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runCli(
    args,
    { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) },
    {},
  );
  return { code, out, err };
}
