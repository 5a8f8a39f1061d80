// The official OpenAI SDK's Responses API (client.responses) as a client of `tollgate serve`:
// requests become chat requests for any provider kind, answers and streams come back as Responses.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startFakeProvider, startTollgate, stop } from './harness.mjs';

let fake;
let claudeFake;
let gateway;
let client;

before(async () => {
  fake = await startFakeProvider('fake-eu', 'sk-upstream-secret', ['gpt-fake']);
  claudeFake = await startFakeProvider('fake-claude', 'sk-ant-secret', ['claude-fake'], 'anthropic');
  const config = `
providers:
  - name: dead
    kind: openai-compatible
    base_url: http://127.0.0.1:9/v1
    region: eu
    models:
      - name: gpt-fake
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
  - name: claude
    kind: anthropic
    base_url: http://127.0.0.1:${claudeFake.port}/v1
    region: us
    api_key: env:E2E_ANT_KEY
    models:
      - name: claude-fake
routes:
  - alias: chat-default
    targets: [dead/gpt-fake, fake/gpt-fake]
`;
  gateway = await startTollgate(config, { E2E_FAKE_KEY: 'sk-upstream-secret', E2E_ANT_KEY: 'sk-ant-secret' });
  client = new OpenAI({ baseURL: gateway.baseURL, apiKey: 'unused-by-this-gateway', maxRetries: 0 });
});

after(async () => {
  if (gateway) {
    const { code } = await gateway.stop();
    assert.equal(code, 0, 'tollgate serve exits 0 on SIGTERM');
    for (const key of ['sk-upstream-secret', 'sk-ant-secret'])
      assert.ok(!gateway.output().includes(key), 'provider keys never appear in the output');
  }
  for (const f of [fake, claudeFake]) if (f) await stop(f.child);
});

const weatherTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

test('a response through a route falls over the dead target and reports usage and cost', async () => {
  const { data, response } = await client.responses
    .create({ model: 'chat-default', instructions: 'Answer briefly.', input: 'hello there gateway' })
    .withResponse();
  assert.equal(data.object, 'response');
  assert.equal(data.status, 'completed');
  const requestId = response.headers.get('x-tollgate-request-id');
  assert.equal(data.id, `resp_${requestId.slice(4)}`, 'the response id names the request');
  assert.equal(data.output_text, 'fake-eu says: hello there gateway');
  assert.equal(data.model, 'gpt-fake', 'the model that answered');
  assert.equal(data.output[0].type, 'message');
  assert.equal(data.output[0].role, 'assistant');
  assert.equal(data.output[0].content[0].type, 'output_text');
  assert.ok(data.usage.input_tokens > 0 && data.usage.output_tokens > 0);
  assert.equal(data.usage.total_tokens, data.usage.input_tokens + data.usage.output_tokens);
  assert.equal(response.headers.get('x-tollgate-provider'), 'fake');
  assert.match(response.headers.get('x-tollgate-cost'), /^\d+\.\d{6} EUR$/);
});

test('input items: a conversation with earlier turns answers the last user turn', async () => {
  const data = await client.responses.create({
    model: 'fake/gpt-fake',
    input: [
      { role: 'developer', content: 'Be terse.' },
      { role: 'user', content: [{ type: 'input_text', text: 'first question' }] },
      { role: 'assistant', content: [{ type: 'output_text', text: 'first answer', annotations: [] }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'second question' }] },
    ],
  });
  assert.equal(data.output_text, 'fake-eu says: second question');
});

test('a streamed response arrives as Responses events the SDK assembles', async () => {
  const stream = await client.responses.create({ model: 'chat-default', input: 'one two three four', stream: true });
  const types = [];
  let text = '';
  let completed;
  let sequence = -1;
  for await (const event of stream) {
    types.push(event.type);
    assert.equal(event.sequence_number, sequence + 1, 'sequence numbers count up by one');
    sequence = event.sequence_number;
    if (event.type === 'response.output_text.delta') text += event.delta;
    if (event.type === 'response.completed') completed = event.response;
  }
  assert.equal(types[0], 'response.created');
  assert.equal(types.at(-1), 'response.completed');
  assert.ok(types.filter((t) => t === 'response.output_text.delta').length >= 4, types.join(' '));
  assert.equal(text, 'fake-eu says: one two three four');
  assert.equal(completed.status, 'completed');
  assert.equal(completed.model, 'gpt-fake', 'as in a response that is not streamed');
  assert.equal(completed.output[0].content[0].text, text);
  assert.ok(completed.usage.output_tokens > 0, 'the stream asks the provider for usage and reports it');
});

test('responses.stream() helper: final response and text events', async () => {
  const runner = client.responses.stream({ model: 'claude/claude-fake', input: 'stream through anthropic' });
  let deltas = '';
  runner.on('response.output_text.delta', (event) => { deltas += event.delta; });
  const final = await runner.finalResponse();
  assert.equal(final.output_text, 'fake-claude says: stream through anthropic');
  assert.equal(deltas, final.output_text);
  assert.equal(final.status, 'completed');
});

test('function tools: a call comes back, and its output continues the conversation', async () => {
  const first = await client.responses.create({
    model: 'chat-default', input: 'what is the weather in Paris', tools: [weatherTool],
  });
  const call = first.output.find((item) => item.type === 'function_call');
  assert.ok(call, JSON.stringify(first.output));
  assert.equal(call.name, 'get_weather');
  assert.ok(call.call_id);
  assert.equal(typeof JSON.parse(call.arguments).city, 'string');

  const second = await client.responses.create({
    model: 'chat-default',
    tools: [weatherTool],
    input: [
      { role: 'user', content: 'what is the weather in Paris' },
      { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
      { type: 'function_call_output', call_id: call.call_id, output: '{"temperature_c":21}' },
    ],
  });
  assert.equal(second.output.filter((item) => item.type === 'function_call').length, 0);
  assert.ok(second.output_text.startsWith('fake-eu says:'), second.output_text);
});

test('a streamed function call arrives as function_call items with their arguments', async () => {
  const runner = client.responses.stream({
    model: 'fake/gpt-fake', input: 'weather in Lyon please', tools: [weatherTool], tool_choice: 'required',
  });
  let argumentDeltas = '';
  runner.on('response.function_call_arguments.delta', (event) => { argumentDeltas += event.delta; });
  const final = await runner.finalResponse();
  const call = final.output.find((item) => item.type === 'function_call');
  assert.ok(call, JSON.stringify(final.output));
  assert.equal(call.name, 'get_weather');
  assert.equal(call.arguments, argumentDeltas);
  assert.equal(typeof JSON.parse(call.arguments).city, 'string');
});

test('max_output_tokens cuts the answer: status incomplete with its reason', async () => {
  const data = await client.responses.create({
    model: 'fake/gpt-fake', input: 'a b c d e f g h i j', max_output_tokens: 3,
  });
  assert.equal(data.status, 'incomplete');
  assert.equal(data.incomplete_details.reason, 'max_output_tokens');
});

test('what needs stored responses is refused with a 400 naming the field', async () => {
  await assert.rejects(
    client.responses.create({ model: 'chat-default', input: 'again', previous_response_id: 'resp_123' }),
    (error) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.param, 'previous_response_id');
      return true;
    });
  await assert.rejects(
    client.responses.create({ model: 'chat-default', input: 'search it', tools: [{ type: 'web_search' }] }),
    (error) => {
      assert.ok(error instanceof OpenAI.BadRequestError);
      assert.equal(error.param, 'tools.0.type');
      return true;
    });
  await assert.rejects(client.responses.create({ model: 'no-such-model', input: 'x' }), (error) => {
    assert.ok(error instanceof OpenAI.NotFoundError);
    assert.equal(error.code, 'model_not_found');
    return true;
  });
});
