// Starts real processes for the end-to-end tests: the fake provider and `tollgate serve`.
// Paths come from ctest (TOLLGATE_BIN, FAKE_PROVIDER_BIN); everything listens on 127.0.0.1.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function need(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through ctest (make test)`);
  return value;
}

// Spawns a process and resolves with the first stdout match of `pattern` (group 1).
function startAndWait(command, args, pattern, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not start within 15 s; output:\n${output}`));
    }, 15000);
    const onData = (chunk) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        clearTimeout(timer);
        resolve({ child, value: match[1], output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk.toString(); });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before it was ready; output:\n${output}`));
    });
  });
}

// kind: the wire format the fake speaks: openai (also Azure's deployment URLs), anthropic, gemini.
export async function startFakeProvider(name, apiKey, models, kind = 'openai') {
  const { child, value } = await startAndWait(
    need('FAKE_PROVIDER_BIN'),
    ['--kind', kind, '--port', '0', '--name', name, '--api-key', apiKey, '--models', models.join(',')],
    /listening (\d+)/);
  child.removeAllListeners('exit');
  return { child, port: Number(value) };
}

export async function startTollgate(configYaml, env = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-e2e-'));
  const configPath = join(dir, 'config.yaml');
  writeFileSync(configPath, configYaml);
  const { child, value, output } = await startAndWait(
    need('TOLLGATE_BIN'),
    ['serve', '--config', configPath, '--listen', '127.0.0.1:0', '--data-dir', join(dir, 'data')],
    /listening on http:\/\/([0-9.:]+)/, env);
  child.removeAllListeners('exit');
  return {
    child,
    baseURL: `http://${value}/v1`,
    output,
    async stop() {
      const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
      child.kill('SIGTERM');
      const result = await exited;
      rmSync(dir, { recursive: true, force: true });
      return result;
    },
  };
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
