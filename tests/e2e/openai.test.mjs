// The official OpenAI SDK, unmodified, as a client of `tollgate serve` routed to a fake
// OpenAI-compatible provider on loopback.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeProvider, startTollgate, stop } from './harness.mjs';

let fake;
let claudeFake;
let geminiFake;
let gateway;
let client;

before(async () => {
  fake = await startFakeProvider('fake-eu', 'sk-upstream-secret', ['gpt-fake', 'embed-fake']);
  claudeFake = await startFakeProvider('fake-claude', 'sk-ant-secret', ['claude-fake'], 'anthropic');
  geminiFake = await startFakeProvider('fake-gem', 'g-secret', ['gemini-fake'], 'gemini');
  const config = `
providers:
  - name: dead
    kind: openai-compatible
    base_url: http://127.0.0.1:9/v1
    region: eu
    models:
      - name: gpt-fake
        input_per_million: 1
        output_per_million: 2
  - name: fake
    kind: openai
    base_url: http://127.0.0.1:${fake.port}/v1
    region: eu
    api_key: env:E2E_FAKE_KEY
    models:
      - name: gpt-fake
        input_per_million: 0.5
        output_per_million: 1.5
        currency: EUR
      - name: embed-fake
        type: embeddings
        input_per_million: 0.02
        currency: EUR
  - name: az
    kind: azure-openai
    base_url: http://127.0.0.1:${fake.port}
    region: eu
    api_key: env:E2E_FAKE_KEY
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
routes:
  - alias: chat-default
    targets: [dead/gpt-fake, fake/gpt-fake]
  - alias: embed-default
    targets: [fake/embed-fake]
`;
  gateway = await startTollgate(config,
    { E2E_FAKE_KEY: 'sk-upstream-secret', E2E_ANT_KEY: 'sk-ant-secret', E2E_GEM_KEY: 'g-secret' });
  client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused-by-this-gateway', maxRetries: 0 });
});

after(async () => {
  if (gateway) {
    const { code } = await gateway.stop();
    assert.equal(code, 0, 'tollgate serve exits 0 on SIGTERM');
    for (const key of ['sk-upstream-secret', 'sk-ant-secret', 'g-secret'])
      assert.ok(!gateway.output().includes(key), 'provider keys never appear in the output');
  }
  for (const f of [fake, claudeFake, geminiFake]) if (f) await stop(f.child);
});

test('chat completion through a route falls over the dead target and reports cost', async () => {
  const { data, response } = await client.chat.completions
    .create({ model: 'chat-default', messages: [{ role: 'user', content: 'hello there gateway' }] })
    .withResponse();
  assert.equal(data.object, 'chat.completion');
  assert.equal(data.choices[0].message.role, 'assistant');
  assert.equal(data.choices[0].message.content, 'fake-eu says: hello there gateway');
  assert.ok(data.usage.prompt_tokens > 0);
  assert.equal(response.headers.get('x-tollgate-provider'), 'fake');
  assert.equal(response.headers.get('x-tollgate-model'), 'gpt-fake');
  assert.match(response.headers.get('x-tollgate-request-id'), /^req_[0-9a-f]{24}$/);
  assert.match(response.headers.get('x-tollgate-cost'), /^\d+\.\d{6} EUR$/);
});

test('streamed chat arrives as chunks, without a usage chunk the client did not ask for', async () => {
  const stream = await client.chat.completions.create({
    model: 'fake/gpt-fake',
    stream: true,
    messages: [{ role: 'user', content: 'one two three four' }],
  });
  let text = '';
  let chunks = 0;
  let sawUsage = false;
  let finish = null;
  for await (const chunk of stream) {
    chunks += 1;
    if (chunk.usage) sawUsage = true;
    for (const choice of chunk.choices) {
      text += choice.delta?.content ?? '';
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  assert.equal(text, 'fake-eu says: one two three four');
  assert.ok(chunks >= 5, `expected several chunks, got ${chunks}`);
  assert.equal(sawUsage, false);
  assert.equal(finish, 'stop');
});

test('streamed chat with include_usage ends with the usage chunk', async () => {
  const stream = await client.chat.completions.create({
    model: 'chat-default',
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'count my tokens' }],
  });
  let last;
  for await (const chunk of stream) last = chunk;
  assert.ok(last.usage, 'the last chunk carries usage');
  assert.equal(last.choices.length, 0);
  assert.ok(last.usage.completion_tokens > 0);
});

test('tools pass through and tool calls come back', async () => {
  const completion = await client.chat.completions.create({
    model: 'chat-default',
    messages: [{ role: 'user', content: 'what is the weather in Paris' }],
    tools: [{
      type: 'function',
      function: { name: 'get_weather', description: 'Weather for a city',
        parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
    }],
  });
  const call = completion.choices[0].message.tool_calls[0];
  assert.equal(call.type, 'function');
  assert.equal(call.function.name, 'get_weather');
  assert.equal(completion.choices[0].finish_reason, 'tool_calls');
});

test('embeddings', async () => {
  const result = await client.embeddings.create({ model: 'embed-default', input: ['alpha beta', 'gamma'] });
  assert.equal(result.data.length, 2);
  assert.ok(Array.isArray(result.data[0].embedding) && result.data[0].embedding.length > 0);
  assert.ok(result.usage.prompt_tokens > 0);
});

test('models lists aliases and provider/model ids', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  for (const id of ['chat-default', 'embed-default', 'fake/gpt-fake', 'fake/embed-fake', 'dead/gpt-fake'])
    assert.ok(ids.includes(id), `${id} in ${ids}`);
});

test('models.retrieve finds an alias and a provider/model id, and 404s an unknown one', async () => {
  const alias = await client.models.retrieve('chat-default');
  assert.equal(alias.id, 'chat-default');
  assert.equal(alias.object, 'model');
  assert.equal(alias.owned_by, 'tollgate');
  const direct = await client.models.retrieve('fake/gpt-fake'); // the SDK sends the slash as %2F
  assert.equal(direct.id, 'fake/gpt-fake');
  assert.equal(direct.owned_by, 'fake');
  await assert.rejects(client.models.retrieve('gpt-fake'), (error) => {
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal(error.code, 'model_not_found');
    return true;
  });
});

test('an unknown model is a 404 NotFoundError with an OpenAI-style body', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }),
    (error) => {
      assert.ok(error instanceof OpenAI.NotFoundError);
      assert.equal(error.status, 404);
      assert.equal(error.code, 'model_not_found');
      assert.match(error.message, /no-such-model/);
      return true;
    });
});

test('a wrongly typed field is a 400 BadRequestError naming the field', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'chat-default', messages: [{ role: 'user', content: 'x' }], temperature: 'hot' }),
    (error) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.param, 'temperature');
      return true;
    });
});

test('a target that fails with every provider gives a 502 APIError', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'dead/gpt-fake', messages: [{ role: 'user', content: 'x' }] }),
    (error) => {
      assert.equal(error.status, 502);
      assert.match(error.message, /dead/);
      return true;
    });
});

// The same SDK, unmodified, against every provider kind the gateway translates to.
const kinds = [
  ['OpenAI', 'fake/gpt-fake', 'fake-eu'],
  ['Azure OpenAI', 'az/gpt-fake', 'fake-eu'],
  ['Anthropic', 'claude/claude-fake', 'fake-claude'],
  ['Gemini', 'gem/gemini-fake', 'fake-gem'],
];

for (const [label, model, name] of kinds) {
  test(`chat completion through ${label}`, async () => {
    const { data, response } = await client.chat.completions
      .create({ model, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'hello there gateway' }] })
      .withResponse();
    assert.equal(data.choices[0].message.content, `${name} says: hello there gateway`);
    assert.equal(data.choices[0].finish_reason, 'stop');
    assert.ok(data.usage.prompt_tokens > 0 && data.usage.completion_tokens === 5);
    assert.equal(response.headers.get('x-tollgate-provider'), model.split('/')[0]);
  });

  test(`streamed chat with usage through ${label}`, async () => {
    const stream = await client.chat.completions.create({
      model, stream: true, stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'one two three four' }],
    });
    let text = '';
    let usage = null;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) text += choice.delta?.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    assert.equal(text, `${name} says: one two three four`);
    assert.equal(usage.completion_tokens, 6);
  });

  test(`tool call and tool result round trip through ${label}`, async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const first = await client.chat.completions.create({ model, tools, messages: [{ role: 'user', content: 'Paris' }] });
    const call = first.choices[0].message.tool_calls[0];
    assert.equal(first.choices[0].finish_reason, 'tool_calls');
    assert.equal(call.function.name, 'get_weather');
    assert.deepEqual(JSON.parse(call.function.arguments), { city: 'Paris' });
    const second = await client.chat.completions.create({
      model, tools,
      messages: [
        { role: 'user', content: 'Paris' },
        first.choices[0].message,
        { role: 'tool', tool_call_id: call.id, content: '18 degrees' },
      ],
    });
    assert.equal(second.choices[0].message.content, `${name} says: 18 degrees`);
  });
}
