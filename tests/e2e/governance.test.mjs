// Keys, budgets and guardrails through the official OpenAI SDK, against `tollgate serve` and a
// recording OpenAI-style provider written here (so the test can see what the provider received).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import OpenAI from 'openai';
import { startTollgate } from './harness.mjs';

let provider;
let seen = [];
let gateway;
const KEYS = {
  rich: 'tg-e2eRichKeyAbcdefghijklmnopqrstuvwxyz0123456789',
  poor: 'tg-e2ePoorKeyAbcdefghijklmnopqrstuvwxyz0123456789',
};

// Answers like an OpenAI-compatible provider: echoes the last user message, with usage.
function startRecordingProvider() {
  return new Promise((resolve) => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => { body += chunk; });
      req.on('end', () => {
        const request = JSON.parse(body);
        seen.push(request);
        const last = request.messages[request.messages.length - 1].content;
        const text = `you said: ${last}`;
        const usage = { prompt_tokens: 12, completion_tokens: 6, total_tokens: 18 };
        if (request.stream) {
          res.writeHead(200, { 'content-type': 'text/event-stream' });
          const words = text.split(/(?<= )/);
          for (const [i, w] of words.entries()) {
            const chunk = { id: 'c1', object: 'chat.completion.chunk', created: 1, model: request.model,
              choices: [{ index: 0, delta: i === 0 ? { role: 'assistant', content: w } : { content: w },
                finish_reason: null }] };
            res.write(`data: ${JSON.stringify(chunk)}\n\n`);
          }
          res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: request.model,
            choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
          res.write(`data: ${JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: request.model,
            choices: [], usage })}\n\n`);
          res.end('data: [DONE]\n\n');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: 'c1', object: 'chat.completion', created: 1, model: request.model,
          choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }], usage }));
      });
    });
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

before(async () => {
  provider = await startRecordingProvider();
  const config = `
providers:
  - name: rec
    kind: openai-compatible
    base_url: http://127.0.0.1:${provider.address().port}/v1
    region: eu
    models:
      - name: m
        input_per_million: 1
        output_per_million: 2
        currency: EUR
routes:
  - alias: chat-default
    targets: [rec/m]
guardrails:
  actions:
    email: pseudonymize
budget:
  keys:
    - id: rich
      team: eng
      env: E2E_KEY_RICH
    - id: poor
      team: support
      scopes: [chat-default]
      env: E2E_KEY_POOR
  budgets:
    - id: support-day
      scope: team
      subject: support
      period: day
      cap: 0.0002
      currency: EUR
`;
  gateway = await startTollgate(config, { E2E_KEY_RICH: KEYS.rich, E2E_KEY_POOR: KEYS.poor });
});

after(async () => {
  if (gateway) {
    const { code } = await gateway.stop();
    assert.equal(code, 0);
    for (const key of Object.values(KEYS))
      assert.ok(!gateway.output().includes(key), 'virtual keys never appear in the output');
  }
  if (provider) provider.close();
});

const client = (key) => new OpenAI({ baseURL: gateway.baseURL, apiKey: key, maxRetries: 0 });

test('a request without a valid key is refused with 401', async () => {
  await assert.rejects(
    client('tg-not-a-key').chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.AuthenticationError);
});

test('the model list needs a key once keys exist', async () => {
  await assert.rejects(client('tg-not-a-key').models.list(), (err) => err instanceof OpenAI.AuthenticationError);
  const ids = [];
  for await (const model of client(KEYS.rich).models.list()) ids.push(model.id);
  assert.ok(ids.includes('chat-default'));
});

test('a key sees and retrieves only the models its scopes allow', async () => {
  const listed = async (key) => {
    const ids = [];
    for await (const model of client(key).models.list()) ids.push(model.id);
    return ids;
  };
  assert.deepEqual(await listed(KEYS.rich), ['chat-default', 'rec/m']);
  assert.deepEqual(await listed(KEYS.poor), ['chat-default']);
  assert.equal((await client(KEYS.poor).models.retrieve('chat-default')).id, 'chat-default');
  assert.equal((await client(KEYS.rich).models.retrieve('rec/m')).id, 'rec/m');
  await assert.rejects(client(KEYS.poor).models.retrieve('rec/m'), (err) => err instanceof OpenAI.PermissionDeniedError);
  await assert.rejects(client('tg-not-a-key').models.retrieve('chat-default'),
    (err) => err instanceof OpenAI.AuthenticationError);
});

test('a key outside its scopes is refused with 403', async () => {
  await assert.rejects(
    client(KEYS.poor).chat.completions.create({ model: 'rec/m', messages: [{ role: 'user', content: 'hi' }] }),
    (err) => err instanceof OpenAI.PermissionDeniedError);
});

test('an e-mail address comes back restored while the provider saw only a placeholder', async () => {
  seen = [];
  const { data, response } = await client(KEYS.rich).chat.completions
    .create({ model: 'chat-default', messages: [{ role: 'user', content: 'please write to lena.meyer@example.com' }] })
    .withResponse();
  assert.equal(data.choices[0].message.content, 'you said: please write to lena.meyer@example.com');
  assert.equal(seen.length, 1);
  const upstream = JSON.stringify(seen[0]);
  assert.ok(!upstream.includes('lena.meyer@example.com'), upstream);
  assert.match(upstream, /\[EMAIL_1\]/);
  assert.equal(response.headers.get('x-tollgate-residency'), 'true');
});

test('the same in a stream', async () => {
  seen = [];
  const stream = await client(KEYS.rich).chat.completions.create({
    model: 'chat-default', stream: true,
    messages: [{ role: 'user', content: 'cc lena.meyer@example.com and tom@example.org' }],
  });
  let text = '';
  for await (const chunk of stream) for (const c of chunk.choices) text += c.delta?.content ?? '';
  assert.equal(text, 'you said: cc lena.meyer@example.com and tom@example.org');
  assert.ok(!JSON.stringify(seen[0]).includes('tom@example.org'));
});

test('a key whose team budget runs out gets a 402 the SDK surfaces with its message', async () => {
  let refused;
  for (let i = 0; i < 200 && !refused; i++) {
    try {
      await client(KEYS.poor).chat.completions.create({
        model: 'chat-default', max_tokens: 20, messages: [{ role: 'user', content: 'count to three' }] });
    } catch (err) {
      refused = err;
    }
  }
  assert.ok(refused, 'the budget ran out within 200 requests');
  assert.equal(refused.status, 402);
  assert.match(refused.message, /Budget 'support-day'/);
  // The other team is not affected.
  const ok = await client(KEYS.rich).chat.completions.create({
    model: 'chat-default', messages: [{ role: 'user', content: 'still fine?' }] });
  assert.ok(ok.choices[0].message.content.startsWith('you said'));
});
