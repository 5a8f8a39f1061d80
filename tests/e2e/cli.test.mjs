// The `tollgate` command line as a user runs it: config check, serve's refusals, reloading the
// configuration on SIGHUP without a restart, and stopping on SIGTERM without cutting a stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import OpenAI from 'openai';
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

// One free openai-compatible model m1 of provider `name` at baseURL, and the route chat to it.
function oneProvider(name, baseURL) {
  return `providers:
  - name: ${name}
    kind: openai-compatible
    base_url: ${baseURL}
    region: local
    models:
      - name: m1
        input_per_million: 0
        output_per_million: 0
routes:
  - alias: chat
    targets: [${name}/m1]
`;
}

const good = oneProvider('local', 'http://127.0.0.1:9/v1');

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

// An OpenAI-style provider whose streams send one word every `gapMs`, `words` of them (Infinity:
// until the client goes). Resolves with the server once it listens.
function startSlowProvider(gapMs, words) {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = (delta, finish = null) => `data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk',
          created: 1, model: 'm1', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
        let sent = 0;
        const timer = setInterval(() => {
          if (sent < words) {
            res.write(chunk({ content: `w${sent} ` }));
            sent += 1;
            return;
          }
          clearInterval(timer);
          res.write(chunk({}, 'stop'));
          res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm1',
            choices: [], usage: { prompt_tokens: 3, completion_tokens: words, total_tokens: 3 + words } })}\n\n`);
          res.end('data: [DONE]\n\n');
        }, gapMs);
        res.on('close', () => clearInterval(timer));
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

function slowConfig(port, drainMs) {
  return `server:\n  drain_timeout_ms: ${drainMs}\n${oneProvider('slow', `http://127.0.0.1:${port}/v1`)}`;
}

const exitOf = (child) => new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

test('SIGTERM lets a stream in flight finish, refuses new connections, then exits 0', async () => {
  const provider = await startSlowProvider(50, 30); // about 1.5 s of stream
  const gateway = await startTollgate(slowConfig(provider.address().port, 20000));
  try {
    const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'chat', stream: true, messages: [{ role: 'user', content: 'count' }] });
    // An idle keep-alive connection of another client: closed at once, not waited for.
    const idle = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
    assert.ok((await idle.models.list()).data.length > 0);
    const exited = exitOf(gateway.child);
    let text = '';
    let signalled = false;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      if (!signalled && text.length > 0) {
        signalled = true;
        gateway.child.kill('SIGTERM');
        await new Promise((r) => setTimeout(r, 200));
        // The listener is closed: a new client is refused while the stream goes on.
        await assert.rejects(fetch(`${gateway.baseURL}/models`));
      }
    }
    assert.equal(text, Array.from({ length: 30 }, (_, i) => `w${i} `).join(''));
    const streamEnded = Date.now();
    const { code } = await exited;
    assert.equal(code, 0);
    // It stops once the stream is over, not at the end of its 20 s drain timeout.
    assert.ok(Date.now() - streamEnded < 10000, `exited ${Date.now() - streamEnded} ms after the stream`);
    assert.match(gateway.output(), /requests in flight have up to 20 s/);
  } finally {
    if (gateway.child.exitCode === null) await gateway.stop();
    provider.close();
  }
});

test('a second SIGTERM, or the drain timeout, cuts what is left', async () => {
  const provider = await startSlowProvider(50, Infinity);
  for (const how of ['second signal', 'timeout']) {
    const gateway = await startTollgate(slowConfig(provider.address().port, how === 'timeout' ? 600 : 60000));
    try {
      const client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused', maxRetries: 0 });
      const stream = await client.chat.completions.create({
        model: 'chat', stream: true, messages: [{ role: 'user', content: 'forever' }] });
      const exited = exitOf(gateway.child);
      const started = Date.now();
      let chunks = 0;
      await assert.rejects((async () => {
        for await (const chunk of stream) {
          chunks += 1;
          if (chunks === 1) {
            gateway.child.kill('SIGTERM');
            if (how === 'second signal') setTimeout(() => gateway.child.kill('SIGTERM'), 300);
          }
        }
      })(), undefined, `${how}: the endless stream must be cut`);
      const { code } = await exited;
      assert.equal(code, 0, how);
      const took = Date.now() - started;
      assert.ok(took < 5000, `${how}: exited after ${took} ms`);
      assert.ok(chunks > 3, `${how}: the stream went on while draining (${chunks} chunks)`);
    } finally {
      if (gateway.child.exitCode === null) await gateway.stop();
    }
  }
  provider.close();
});
