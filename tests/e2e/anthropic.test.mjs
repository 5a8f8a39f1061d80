// The official Anthropic SDK, unmodified, as a client of `tollgate serve` (POST /v1/messages),
// routed to a fake OpenAI provider and to a fake Anthropic provider on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Anthropic from '@anthropic-ai/sdk';
import { startFakeProvider, startTollgate, stop } from './harness.mjs';

let openaiFake;
let claudeFake;
let geminiFake;
let gateway;
let client;

const weatherTool = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

const models = [
  ['an OpenAI provider', 'oa/gpt-fake', 'fake-oa'],
  ['an Azure OpenAI provider', 'az/gpt-fake', 'fake-oa'],
  ['an Anthropic provider', 'claude/claude-fake', 'fake-claude'],
  ['a Gemini provider', 'gem/gemini-fake', 'fake-gem'],
];

before(async () => {
  openaiFake = await startFakeProvider('fake-oa', 'sk-oa-secret', ['gpt-fake']);
  claudeFake = await startFakeProvider('fake-claude', 'sk-ant-secret', ['claude-fake'], 'anthropic');
  geminiFake = await startFakeProvider('fake-gem', 'g-secret', ['gemini-fake'], 'gemini');
  const config = `
providers:
  - name: oa
    kind: openai
    base_url: http://127.0.0.1:${openaiFake.port}/v1
    region: eu
    api_key: env:E2E_OA_KEY
    models:
      - name: gpt-fake
  - name: az
    kind: azure-openai
    base_url: http://127.0.0.1:${openaiFake.port}
    region: eu
    api_key: env:E2E_OA_KEY
    models:
      - name: gpt-fake
  - name: claude
    kind: anthropic
    base_url: http://127.0.0.1:${claudeFake.port}/v1
    region: us
    api_key: env:E2E_ANT_KEY
    models:
      - name: claude-fake
  - name: gem
    kind: gemini
    base_url: http://127.0.0.1:${geminiFake.port}/v1beta
    region: eu
    api_key: env:E2E_GEM_KEY
    models:
      - name: gemini-fake
`;
  gateway = await startTollgate(config, { E2E_OA_KEY: 'sk-oa-secret', E2E_ANT_KEY: 'sk-ant-secret', E2E_GEM_KEY: 'g-secret' });
  client = new Anthropic({ baseURL: gateway.baseURL.replace(/\/v1$/, ''), apiKey: 'unused-by-this-gateway', maxRetries: 0 });
});

after(async () => {
  if (gateway) {
    const { code } = await gateway.stop();
    assert.equal(code, 0, 'tollgate serve exits 0 on SIGTERM');
    const output = gateway.output();
    assert.ok(!output.includes('sk-oa-secret') && !output.includes('sk-ant-secret'), 'provider keys never appear in the output');
  }
  if (openaiFake) await stop(openaiFake.child);
  if (claudeFake) await stop(claudeFake.child);
  if (geminiFake) await stop(geminiFake.child);
});

for (const [label, model, name] of models) {
  test(`messages.create to ${label}`, async () => {
    const { data, response } = await client.messages
      .create({
        model,
        max_tokens: 64,
        system: 'Be brief.',
        messages: [{ role: 'user', content: 'hello there gateway' }],
      })
      .withResponse();
    assert.equal(data.type, 'message');
    assert.equal(data.role, 'assistant');
    assert.match(data.id, /^msg_/);
    assert.equal(data.content.length, 1);
    assert.equal(data.content[0].type, 'text');
    assert.equal(data.content[0].text, `${name} says: hello there gateway`);
    assert.equal(data.stop_reason, 'end_turn');
    assert.equal(data.usage.output_tokens, 5);
    assert.ok(data.usage.input_tokens > 0);
    assert.ok(response.headers.get('x-tollgate-request-id'));
  });

  test(`streamed with the SDK's stream helper to ${label}`, async () => {
    const stream = client.messages.stream({
      model,
      max_tokens: 64,
      messages: [{ role: 'user', content: 'one two three four' }],
    });
    let text = '';
    stream.on('text', (delta) => { text += delta; });
    const message = await stream.finalMessage();
    assert.equal(text, `${name} says: one two three four`);
    assert.equal(message.content[0].text, text);
    assert.equal(message.stop_reason, 'end_turn');
    assert.equal(message.usage.output_tokens, 6);
  });

  test(`tool use round trip through ${label}`, async () => {
    const first = await client.messages.create({
      model,
      max_tokens: 64,
      tools: [weatherTool],
      messages: [{ role: 'user', content: 'Paris' }],
    });
    assert.equal(first.stop_reason, 'tool_use');
    const call = first.content.find((block) => block.type === 'tool_use');
    assert.ok(call, 'a tool_use block');
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(call.input, { city: 'Paris' });

    const second = await client.messages.create({
      model,
      max_tokens: 64,
      tools: [weatherTool],
      messages: [
        { role: 'user', content: 'Paris' },
        { role: 'assistant', content: first.content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: call.id, content: '18 degrees' }] },
      ],
    });
    assert.equal(second.stop_reason, 'end_turn');
    assert.equal(second.content[0].text, `${name} says: 18 degrees`);
  });

  test(`streamed tool use through ${label}`, async () => {
    const stream = client.messages.stream({
      model,
      max_tokens: 64,
      tools: [weatherTool],
      tool_choice: { type: 'tool', name: 'get_weather' },
      messages: [{ role: 'user', content: 'Rome' }],
    });
    const message = await stream.finalMessage();
    assert.equal(message.stop_reason, 'tool_use');
    const call = message.content.find((block) => block.type === 'tool_use');
    assert.ok(call);
    assert.equal(call.name, 'get_weather');
    assert.deepEqual(call.input, { city: 'Rome' });
  });
}

test('models.list pages through every model in Anthropic shape, and models.retrieve finds one', async () => {
  const ids = [];
  for await (const model of client.models.list({ limit: 1 })) { // one per page: the SDK follows last_id
    assert.equal(model.type, 'model');
    assert.equal(model.display_name, model.id);
    assert.ok(!Number.isNaN(Date.parse(model.created_at)));
    ids.push(model.id);
  }
  assert.deepEqual(ids, ['oa/gpt-fake', 'az/gpt-fake', 'claude/claude-fake', 'gem/gemini-fake']);
  const page = await client.models.list({ limit: 2, after_id: 'oa/gpt-fake' });
  assert.deepEqual(page.data.map((m) => m.id), ['az/gpt-fake', 'claude/claude-fake']);
  assert.equal(page.has_more, true);
  assert.equal(page.last_id, 'claude/claude-fake');
  const before = await client.models.list({ limit: 2, before_id: 'gem/gemini-fake' });
  assert.deepEqual(before.data.map((m) => m.id), ['az/gpt-fake', 'claude/claude-fake']);
  assert.equal(before.has_more, true);
  const one = await client.models.retrieve('claude/claude-fake');
  assert.deepEqual([one.type, one.id], ['model', 'claude/claude-fake']);
  await assert.rejects(client.models.retrieve('claude-fake'), (error) => {
    assert.ok(error instanceof Anthropic.NotFoundError, `got ${error?.constructor?.name}`);
    assert.equal(error.error.error.type, 'not_found_error');
    return true;
  });
  await assert.rejects(client.models.list({ limit: 0 }), (error) => error instanceof Anthropic.BadRequestError);
});

test('an unknown model is a NotFoundError in Anthropic shape', async () => {
  await assert.rejects(
    client.messages.create({ model: 'nope/none', max_tokens: 5, messages: [{ role: 'user', content: 'hi' }] }),
    (error) => {
      assert.ok(error instanceof Anthropic.NotFoundError, `got ${error?.constructor?.name}`);
      assert.equal(error.status, 404);
      assert.equal(error.error.type, 'error');
      assert.equal(error.error.error.type, 'not_found_error');
      return true;
    });
});

test('a request without max_tokens is a BadRequestError', async () => {
  await assert.rejects(
    client.messages.create({ model: 'oa/gpt-fake', messages: [{ role: 'user', content: 'hi' }] }),
    (error) => {
      assert.ok(error instanceof Anthropic.BadRequestError, `got ${error?.constructor?.name}`);
      assert.equal(error.status, 400);
      assert.equal(error.error.error.type, 'invalid_request_error');
      assert.match(error.message, /max_tokens/);
      return true;
    });
});
