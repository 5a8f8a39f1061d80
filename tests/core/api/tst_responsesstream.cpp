#include "api/responsesstream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tollgate::api;

class TestResponsesStream : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void textStreamByteByByte();
    void parallelToolCalls();
    void textThenToolCall();
    void stopForLengthOrFilterIsIncomplete_data();
    void stopForLengthOrFilterIsIncomplete();
    void settledUsageAfterDoneWins();
    void finishWithoutChunks();
    void errorEvent();
    void providerErrorChunkEndsStream();
    void refusal();
};

namespace {

struct Event
{
    QByteArray name;
    QJsonObject data;
};

// Splits an encoder's output into its events; fails the test on anything that is not
// "event: <name>\ndata: <one JSON object>\n\n".
QList<Event> events(const QByteArray& stream)
{
    QList<Event> out;
    QByteArray rest = stream;
    while (!rest.isEmpty()) {
        const qsizetype end = rest.indexOf("\n\n");
        if (end < 0) {
            qWarning() << "unterminated event:" << rest;
            return {};
        }
        const QList<QByteArray> lines = rest.left(end).split('\n');
        rest = rest.mid(end + 2);
        if (lines.size() != 2 || !lines[0].startsWith("event: ") || !lines[1].startsWith("data: ")) {
            qWarning() << "malformed event:" << lines;
            return {};
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(lines[1].mid(6), &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            qWarning() << "not a JSON object:" << lines[1];
            return {};
        }
        out.append({lines[0].mid(7), doc.object()});
    }
    return out;
}

QStringList names(const QList<Event>& e)
{
    QStringList n;
    for (const Event& ev : e)
        n << QString::fromUtf8(ev.name);
    return n;
}

// Every event's type is its name, and sequence numbers count 0, 1, 2, ...
bool wellFormed(const QList<Event>& e)
{
    for (qsizetype i = 0; i < e.size(); ++i) {
        if (e[i].data.value("type").toString() != QString::fromUtf8(e[i].name)) {
            qWarning() << "event" << i << e[i].name << "has type" << e[i].data.value("type");
            return false;
        }
        if (!e[i].data.value("sequence_number").isDouble() ||
            e[i].data.value("sequence_number").toInteger() != i) {
            qWarning() << "event" << i << e[i].name << "has sequence_number"
                       << e[i].data.value("sequence_number");
            return false;
        }
    }
    return true;
}

QList<Event> ofType(const QList<Event>& e, const char* name)
{
    QList<Event> out;
    for (const Event& ev : e) {
        if (ev.name == name)
            out.append(ev);
    }
    return out;
}

void feedAll(ResponsesStreamEncoder& encoder, const QByteArray& bytes, QByteArray& out)
{
    encoder.feed(std::string_view(bytes.constData(), size_t(bytes.size())), out);
}

QByteArray chunk(const QByteArray& choice, const QByteArray& extra = {})
{
    return R"(data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1,"model":"upstream-model","choices":[)" +
           choice + "]" + extra + "}\n\n";
}

QByteArray textDelta(const QByteArray& text)
{
    return chunk(R"({"index":0,"delta":{"content":")" + text + R"("},"finish_reason":null})");
}

QByteArray toolDelta(int index, const QByteArray& fields)
{
    return chunk(R"({"index":0,"delta":{"tool_calls":[{"index":)" + QByteArray::number(index) + "," + fields +
                 R"(}]},"finish_reason":null})");
}

QByteArray finishChunk(const QByteArray& reason)
{
    return chunk(R"({"index":0,"delta":{},"finish_reason":")" + reason + R"("})");
}

QByteArray usageChunk()
{
    return chunk(
        {},
        R"(,"usage":{"prompt_tokens":30,"completion_tokens":7,"total_tokens":37,"prompt_tokens_details":{"cached_tokens":20},"completion_tokens_details":{"reasoning_tokens":3}})");
}

QByteArray textStream()
{
    return chunk(R"({"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null})") +
           textDelta("Hello") + textDelta(", w\u00f6rld") + textDelta("!") + finishChunk("stop") +
           usageChunk() + "data: [DONE]\n\n";
}

QJsonObject lastResponse(const QList<Event>& e)
{
    return e.isEmpty() ? QJsonObject() : e.last().data.value("response").toObject();
}

} // namespace

void TestResponsesStream::textStreamByteByByte()
{
    const QByteArray input = textStream();
    ResponsesStreamEncoder whole("resp_abc", 1700000000, "chat-default");
    QByteArray expected;
    feedAll(whole, input, expected);
    whole.finish(expected);

    ResponsesStreamEncoder encoder("resp_abc", 1700000000, "chat-default");
    QByteArray out;
    for (char c : input)
        encoder.feed(std::string_view(&c, 1), out);
    QVERIFY(!encoder.finished()); // the response ends at finish(), once usage is settled
    QVERIFY(!out.contains("response.completed"));
    encoder.finish(out);
    QVERIFY(encoder.finished());
    QCOMPARE(out, expected);

    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    QCOMPARE(names(e), QStringList({"response.created", "response.in_progress", "response.output_item.added",
                                    "response.content_part.added", "response.output_text.delta",
                                    "response.output_text.delta", "response.output_text.delta",
                                    "response.output_text.done", "response.content_part.done",
                                    "response.output_item.done", "response.completed"}));
    QCOMPARE(encoder.nextSequenceNumber(), e.size());

    const QJsonObject created = e[0].data.value("response").toObject();
    QCOMPARE(created.value("id").toString(), QStringLiteral("resp_abc"));
    QCOMPARE(created.value("object").toString(), QStringLiteral("response"));
    QCOMPARE(created.value("created_at").toInteger(), 1700000000);
    QCOMPARE(created.value("status").toString(), QStringLiteral("in_progress"));
    QCOMPARE(created.value("model").toString(), QStringLiteral("upstream-model")); // as the chunks name it
    QCOMPARE(created.value("output").toArray(), QJsonArray());
    QVERIFY(created.value("error").isNull());
    QVERIFY(created.value("incomplete_details").isNull());
    QVERIFY(created.value("usage").isNull());
    QCOMPARE(created.value("tools").toArray(), QJsonArray());
    QCOMPARE(e[1].data.value("response").toObject().value("status").toString(),
             QStringLiteral("in_progress"));

    const QJsonObject added = e[2].data.value("item").toObject();
    QCOMPARE(e[2].data.value("output_index").toInt(-1), 0);
    QCOMPARE(added.value("type").toString(), QStringLiteral("message"));
    QCOMPARE(added.value("status").toString(), QStringLiteral("in_progress"));
    QCOMPARE(added.value("role").toString(), QStringLiteral("assistant"));
    QCOMPARE(added.value("content").toArray(), QJsonArray());
    const QString itemId = added.value("id").toString();
    QVERIFY(itemId.startsWith("msg_"));
    QCOMPARE(e[3].data.value("part").toObject(),
             QJsonObject({{"type", "output_text"}, {"text", ""}, {"annotations", QJsonArray()}}));

    QString text;
    for (const Event& delta : ofType(e, "response.output_text.delta")) {
        QCOMPARE(delta.data.value("item_id").toString(), itemId);
        QCOMPARE(delta.data.value("output_index").toInt(-1), 0);
        QCOMPARE(delta.data.value("content_index").toInt(-1), 0);
        QVERIFY(delta.data.value("logprobs").isArray());
        text += delta.data.value("delta").toString();
    }
    QCOMPARE(text, QStringLiteral("Hello, w\u00f6rld!"));
    QCOMPARE(e[7].data.value("text").toString(), text);
    QCOMPARE(e[8].data.value("part").toObject().value("text").toString(), text);
    const QJsonObject done = e[9].data.value("item").toObject();
    QCOMPARE(done.value("id").toString(), itemId);
    QCOMPARE(done.value("status").toString(), QStringLiteral("completed"));
    QCOMPARE(done.value("content").toArray().at(0).toObject().value("text").toString(), text);

    const QJsonObject completed = lastResponse(e);
    QCOMPARE(completed.value("status").toString(), QStringLiteral("completed"));
    QVERIFY(completed.value("incomplete_details").isNull());
    QCOMPARE(completed.value("output").toArray(), QJsonArray({done}));
    QCOMPARE(completed.value("output_text").toString(), text);
    const QJsonObject usage = completed.value("usage").toObject();
    QCOMPARE(usage.value("input_tokens").toInt(), 30);
    QCOMPARE(usage.value("input_tokens_details").toObject().value("cached_tokens").toInt(), 20);
    QCOMPARE(usage.value("output_tokens").toInt(), 7);
    QCOMPARE(usage.value("output_tokens_details").toObject().value("reasoning_tokens").toInt(), 3);
    QCOMPARE(usage.value("total_tokens").toInt(), 37);

    QByteArray more;
    encoder.finish(more);
    feedAll(encoder, textDelta("late"), more);
    QVERIFY(more.isEmpty());
}

void TestResponsesStream::parallelToolCalls()
{
    const QByteArray input =
        chunk(R"({"index":0,"delta":{"role":"assistant","content":null},"finish_reason":null})") +
        toolDelta(0, R"("id":"call_A","type":"function","function":{"name":"get_weather","arguments":""})") +
        toolDelta(
            1, R"("id":"call_B","type":"function","function":{"name":"get_time","arguments":"{\"tz\":"})") +
        toolDelta(0, R"("function":{"arguments":"{\"city\":"})") +
        toolDelta(1, R"("function":{"arguments":"\"CET\"}"})") +
        toolDelta(0, R"("function":{"arguments":"\"Paris\"}"})") + finishChunk("tool_calls") + usageChunk() +
        "data: [DONE]\n\n";
    ResponsesStreamEncoder encoder("resp_xyz", 1, "m");
    QByteArray out;
    feedAll(encoder, input, out);
    encoder.finish(out);
    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    QCOMPARE(names(e),
             QStringList({"response.created", "response.in_progress", "response.output_item.added",
                          "response.output_item.added", "response.function_call_arguments.delta",
                          "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                          "response.function_call_arguments.delta", "response.function_call_arguments.done",
                          "response.output_item.done", "response.function_call_arguments.done",
                          "response.output_item.done", "response.completed"}));

    const struct
    {
        const char* callId;
        const char* name;
        const char* arguments;
    } expected[] = {{"call_A", "get_weather", R"({"city":"Paris"})"},
                    {"call_B", "get_time", R"({"tz":"CET"})"}};
    QStringList ids;
    for (int i = 0; i < 2; ++i) {
        const QJsonObject added = e[2 + i].data.value("item").toObject();
        QCOMPARE(e[2 + i].data.value("output_index").toInt(-1), i);
        QCOMPARE(added.value("type").toString(), QStringLiteral("function_call"));
        QCOMPARE(added.value("status").toString(), QStringLiteral("in_progress"));
        QCOMPARE(added.value("call_id").toString(), QString::fromUtf8(expected[i].callId));
        QCOMPARE(added.value("name").toString(), QString::fromUtf8(expected[i].name));
        QCOMPARE(added.value("arguments").toString(), QString());
        ids << added.value("id").toString();
    }
    QVERIFY(ids[0].startsWith("fc_"));
    QVERIFY(ids[0] != ids[1]);

    // The SDK assembles the arguments from the deltas by output_index; item_id must agree.
    QStringList assembled(2);
    for (const Event& delta : ofType(e, "response.function_call_arguments.delta")) {
        const int index = delta.data.value("output_index").toInt(-1);
        QVERIFY(index == 0 || index == 1);
        QCOMPARE(delta.data.value("item_id").toString(), ids[index]);
        assembled[index] += delta.data.value("delta").toString();
    }
    const QJsonArray output = lastResponse(e).value("output").toArray();
    QCOMPARE(output.size(), 2);
    for (int i = 0; i < 2; ++i) {
        const QString arguments = QString::fromUtf8(expected[i].arguments);
        QCOMPARE(assembled[i], arguments);
        const Event& argsDone = e[8 + 2 * i];
        QCOMPARE(argsDone.data.value("item_id").toString(), ids[i]);
        QCOMPARE(argsDone.data.value("output_index").toInt(-1), i);
        QCOMPARE(argsDone.data.value("name").toString(), QString::fromUtf8(expected[i].name));
        QCOMPARE(argsDone.data.value("arguments").toString(), arguments);
        const QJsonObject done = e[9 + 2 * i].data.value("item").toObject();
        QCOMPARE(e[9 + 2 * i].data.value("output_index").toInt(-1), i);
        QCOMPARE(done.value("status").toString(), QStringLiteral("completed"));
        QCOMPARE(done.value("arguments").toString(), arguments);
        QCOMPARE(output[i].toObject(), done);
        QCOMPARE(output[i].toObject().value("call_id").toString(), QString::fromUtf8(expected[i].callId));
    }
    QCOMPARE(lastResponse(e).value("status").toString(), QStringLiteral("completed"));
    QCOMPARE(lastResponse(e).value("output_text").toString(), QString());
}

void TestResponsesStream::textThenToolCall()
{
    const QByteArray input =
        textDelta("Let me ") + textDelta("check.") +
        toolDelta(0, R"("id":"call_1","type":"function","function":{"name":"get_weather","arguments":""})") +
        toolDelta(0, R"("function":{"arguments":"{\"city\":\"Lyon\"}"})") + finishChunk("tool_calls") +
        "data: [DONE]\n\n";
    ResponsesStreamEncoder encoder("resp_t", 1, "m");
    QByteArray out;
    feedAll(encoder, input, out);
    encoder.finish(out);
    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    // The message is done before the call is added.
    QCOMPARE(names(e), QStringList({"response.created", "response.in_progress", "response.output_item.added",
                                    "response.content_part.added", "response.output_text.delta",
                                    "response.output_text.delta", "response.output_text.done",
                                    "response.content_part.done", "response.output_item.done",
                                    "response.output_item.added", "response.function_call_arguments.delta",
                                    "response.function_call_arguments.done", "response.output_item.done",
                                    "response.completed"}));
    QCOMPARE(e[6].data.value("text").toString(), QStringLiteral("Let me check."));
    QCOMPARE(e[8].data.value("output_index").toInt(-1), 0);
    QCOMPARE(e[9].data.value("output_index").toInt(-1), 1);
    QCOMPARE(e[10].data.value("output_index").toInt(-1), 1);
    QCOMPARE(e[12].data.value("item").toObject().value("arguments").toString(),
             QStringLiteral(R"({"city":"Lyon"})"));

    const QJsonArray output = lastResponse(e).value("output").toArray();
    QCOMPARE(output.size(), 2);
    QCOMPARE(output[0].toObject().value("type").toString(), QStringLiteral("message"));
    QCOMPARE(output[0].toObject().value("content").toArray().at(0).toObject().value("text").toString(),
             QStringLiteral("Let me check."));
    QCOMPARE(output[1].toObject().value("type").toString(), QStringLiteral("function_call"));
    QCOMPARE(output[1].toObject().value("call_id").toString(), QStringLiteral("call_1"));
    QCOMPARE(output[1].toObject().value("name").toString(), QStringLiteral("get_weather"));
    QCOMPARE(lastResponse(e).value("output_text").toString(), QStringLiteral("Let me check."));
    // No usage was reported: the numbers are zero, the shape is still there.
    QCOMPARE(lastResponse(e).value("usage").toObject().value("total_tokens").toInt(-1), 0);
}

void TestResponsesStream::stopForLengthOrFilterIsIncomplete_data()
{
    QTest::addColumn<QByteArray>("finishReason");
    QTest::addColumn<QString>("reason");
    QTest::newRow("length") << QByteArray("length") << QStringLiteral("max_output_tokens");
    QTest::newRow("content_filter") << QByteArray("content_filter") << QStringLiteral("content_filter");
}

void TestResponsesStream::stopForLengthOrFilterIsIncomplete()
{
    QFETCH(QByteArray, finishReason);
    QFETCH(QString, reason);
    ResponsesStreamEncoder encoder("resp_l", 1, "m");
    QByteArray out;
    feedAll(encoder, textDelta("a b c") + finishChunk(finishReason) + usageChunk() + "data: [DONE]\n\n", out);
    encoder.finish(out);
    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    QCOMPARE(e.last().name, QByteArray("response.incomplete"));
    QVERIFY(ofType(e, "response.completed").isEmpty());
    const QJsonObject response = lastResponse(e);
    QCOMPARE(response.value("status").toString(), QStringLiteral("incomplete"));
    QCOMPARE(response.value("incomplete_details").toObject(), QJsonObject({{"reason", reason}}));
    QCOMPARE(response.value("output").toArray().at(0).toObject().value("status").toString(),
             QStringLiteral("incomplete"));
    QCOMPARE(response.value("output_text").toString(), QStringLiteral("a b c"));
    QCOMPARE(response.value("usage").toObject().value("output_tokens").toInt(), 7);
}

void TestResponsesStream::settledUsageAfterDoneWins()
{
    ResponsesStreamEncoder encoder("resp_u", 1, "m");
    QByteArray out;
    feedAll(encoder, textStream(), out);
    ResponsesUsage settled;
    settled.inputTokens = 120;
    settled.outputTokens = 45;
    settled.cachedInputTokens = 100;
    settled.reasoningTokens = 30;
    encoder.setUsage(settled);
    encoder.finish(out);
    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    QCOMPARE(e.last().name, QByteArray("response.completed"));
    const QJsonObject usage = lastResponse(e).value("usage").toObject();
    QCOMPARE(usage.value("input_tokens").toInt(), 120);
    QCOMPARE(usage.value("input_tokens_details").toObject().value("cached_tokens").toInt(), 100);
    QCOMPARE(usage.value("output_tokens").toInt(), 45);
    QCOMPARE(usage.value("output_tokens_details").toObject().value("reasoning_tokens").toInt(), 30);
    QCOMPARE(usage.value("total_tokens").toInt(), 165);
}

void TestResponsesStream::finishWithoutChunks()
{
    ResponsesStreamEncoder encoder("resp_empty", 42, "chat-default");
    QByteArray out;
    feedAll(encoder, ": keep-alive\n\n", out);
    QVERIFY(out.isEmpty());
    encoder.finish(out);
    QVERIFY(encoder.finished());
    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    QCOMPARE(names(e), QStringList({"response.created", "response.in_progress", "response.completed"}));
    const QJsonObject response = lastResponse(e);
    QCOMPARE(response.value("id").toString(), QStringLiteral("resp_empty"));
    QCOMPARE(response.value("created_at").toInteger(), 42);
    QCOMPARE(response.value("model").toString(), QStringLiteral("chat-default"));
    QCOMPARE(response.value("status").toString(), QStringLiteral("completed"));
    QCOMPARE(response.value("output").toArray(), QJsonArray());
    QCOMPARE(response.value("usage").toObject().value("input_tokens").toInt(-1), 0);
    QByteArray more;
    encoder.finish(more);
    QVERIFY(more.isEmpty());
    QCOMPARE(encoder.nextSequenceNumber(), 3);
}

void TestResponsesStream::errorEvent()
{
    ResponsesStreamEncoder encoder("resp_e", 1, "m");
    QByteArray out;
    feedAll(encoder, textDelta("partial"), out);
    const qsizetype before = events(out).size();
    QCOMPARE(encoder.nextSequenceNumber(), before);
    ResponsesStreamEncoder::error(
        ApiError::upstreamTimeout(QStringLiteral("The provider stopped answering.")), out,
        encoder.nextSequenceNumber());
    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    QCOMPARE(e.size(), before + 1);
    const Event& error = e.last();
    QCOMPARE(error.name, QByteArray("error"));
    QCOMPARE(error.data.value("message").toString(), QStringLiteral("The provider stopped answering."));
    QCOMPARE(error.data.value("sequence_number").toInteger(), before);
    QVERIFY(error.data.contains("code"));
    QVERIFY(error.data.value("param").isNull());
    // The openai SDKs raise an event whose `error` is set, with that object's message.
    const QJsonObject nested = error.data.value("error").toObject();
    QCOMPARE(nested.value("message").toString(), QStringLiteral("The provider stopped answering."));
    QVERIFY(!nested.value("type").toString().isEmpty());
}

void TestResponsesStream::providerErrorChunkEndsStream()
{
    ResponsesStreamEncoder encoder("resp_p", 1, "m");
    QByteArray out;
    feedAll(encoder,
            textDelta("Hi") + "data: {not json\n\n" + "data: [1,2]\n\n" +
                R"(data: {"error":{"message":"provider broke","type":"server_error"}})"
                "\n\n" +
                textDelta("never"),
            out);
    QVERIFY(encoder.finished());
    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    QCOMPARE(names(e), QStringList({"response.created", "response.in_progress", "response.output_item.added",
                                    "response.content_part.added", "response.output_text.delta", "error"}));
    QCOMPARE(e.last().data.value("message").toString(), QStringLiteral("provider broke"));
    QCOMPARE(e.last().data.value("error").toObject().value("message").toString(),
             QStringLiteral("provider broke"));
    QByteArray more;
    encoder.finish(more);
    QVERIFY(more.isEmpty());
}

void TestResponsesStream::refusal()
{
    ResponsesStreamEncoder encoder("resp_r", 1, "m");
    QByteArray out;
    feedAll(encoder,
            chunk(R"({"index":0,"delta":{"refusal":"I can't "},"finish_reason":null})") +
                chunk(R"({"index":0,"delta":{"refusal":"help with that."},"finish_reason":null})") +
                finishChunk("stop") + "data: [DONE]\n\n",
            out);
    encoder.finish(out);
    const QList<Event> e = events(out);
    QVERIFY(wellFormed(e));
    QCOMPARE(names(e),
             QStringList({"response.created", "response.in_progress", "response.output_item.added",
                          "response.content_part.added", "response.refusal.delta", "response.refusal.delta",
                          "response.refusal.done", "response.content_part.done", "response.output_item.done",
                          "response.completed"}));
    QCOMPARE(e[3].data.value("part").toObject(), QJsonObject({{"type", "refusal"}, {"refusal", ""}}));
    QCOMPARE(e[6].data.value("refusal").toString(), QStringLiteral("I can't help with that."));
    const QJsonArray content =
        lastResponse(e).value("output").toArray().at(0).toObject().value("content").toArray();
    QCOMPARE(content, QJsonArray({QJsonObject(
                          {{"type", "refusal"}, {"refusal", QStringLiteral("I can't help with that.")}})}));
    QCOMPARE(lastResponse(e).value("output_text").toString(), QString());
}

QTEST_GUILESS_MAIN(TestResponsesStream)
#include "tst_responsesstream.moc"
