// The `tollgate` command line as a user runs it: config check, serve's refusals, and reloading
// the configuration on SIGHUP without a restart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTollgate } from './harness.mjs';

const bin = process.env.TOLLGATE_BIN;
const dir = mkdtempSync(join(tmpdir(), 'tollgate-cli-'));
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function write(name, text) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const good = `providers:
  - name: local
    kind: openai-compatible
    base_url: http://127.0.0.1:9/v1
    region: local
    models:
      - name: m1
        input_per_million: 0
        output_per_million: 0
routes:
  - alias: chat
    targets: [local/m1]
`;

test('config check accepts a valid file', () => {
  const result = spawnSync(bin, ['config', 'check', write('good.yaml', good)], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /OK \(1 providers, 1 routes\)/);
});

test('config check reports every problem with its line and exits 1', () => {
  const bad = good.replace('base_url:', 'base_ulr:').replace('[local/m1]', '[local/m2]');
  const path = write('bad.yaml', bad);
  const result = spawnSync(bin, ['config', 'check', path], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  const lines = result.stderr.trim().split('\n').filter((l) => l.includes(': error: '));
  assert.ok(lines.length >= 2, result.stderr);
  assert.ok(lines.some((l) => l.startsWith(`${path}:4:`) && /base_ulr/.test(l)), result.stderr);
  assert.ok(lines.some((l) => l.startsWith(`${path}:12:`) && /m2/.test(l)), result.stderr);
});

test('config check on a missing file exits 1', () => {
  const result = spawnSync(bin, ['config', 'check', join(dir, 'nope.yaml')], { encoding: 'utf8' });
  assert.equal(result.status, 1);
  assert.match(result.stderr, /nope\.yaml/);
});

test('serve refuses an invalid config and an invalid --listen', () => {
  const bad = spawnSync(bin, ['serve', '--config', write('bad2.yaml', 'providers: 7\n')], { encoding: 'utf8', timeout: 10000 });
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /bad2\.yaml:1:/);
  const listen = spawnSync(bin, ['serve', '--config', write('good2.yaml', good), '--listen', 'nowhere'],
    { encoding: 'utf8', timeout: 10000 });
  assert.equal(listen.status, 1);
  assert.match(listen.stderr, /--listen/);
});

test('an unknown command exits 2 and points at --help', () => {
  const result = spawnSync(bin, ['frobnicate'], { encoding: 'utf8' });
  assert.equal(result.status, 2);
  assert.match(result.stderr, /--help/);
});

test('SIGHUP reloads the configuration without a restart', async () => {
  const gateway = await startTollgate(good);
  try {
    const list = async () => (await (await fetch(`${gateway.baseURL}/models`)).json()).data.map((m) => m.id);
    assert.deepEqual((await list()).filter((id) => !id.includes('/')), ['chat']);
    // The harness wrote config.yaml next to the data dir; rewrite it with a second route.
    const configPath = gateway.child.spawnargs[gateway.child.spawnargs.indexOf('--config') + 1];
    writeFileSync(configPath, `${good}  - alias: second\n    targets: [local/m1]\n`);
    gateway.child.kill('SIGHUP');
    let ids = [];
    for (let i = 0; i < 50 && !ids.includes('second'); i++) {
      await new Promise((r) => setTimeout(r, 100));
      ids = await list();
    }
    assert.ok(ids.includes('second'), `reloaded routes: ${ids}`);
    // A broken file is refused and the running configuration stays.
    writeFileSync(configPath, 'routes: [\n');
    gateway.child.kill('SIGHUP');
    await new Promise((r) => setTimeout(r, 500));
    assert.ok((await list()).includes('second'));
    assert.match(gateway.output(), /not reloaded/);
  } finally {
    const { code } = await gateway.stop();
    assert.equal(code, 0);
  }
});
