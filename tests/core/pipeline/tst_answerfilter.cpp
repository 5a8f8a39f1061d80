// The answer filter on its own: response scanning (redact, block, fail closed) and pseudonym
// restoring, on whole answers and on streams cut at every byte.
#include "api/sse.h"
#include "guardrails/pseudonymizer.h"
#include "guardrails/scanner.h"
#include "pipeline/answerfilter.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace tollgate;
using namespace tollgate::pipeline;
using guardrails::Action;
using guardrails::DetectorId;

namespace {

const QByteArray kKey = "AKIAQ3EGRXBT7KMSW2LP"; // checksum-free AWS access key id shape, not a real key

QByteArray chunk(const QByteArray& content, const char* finish = nullptr)
{
    QJsonObject delta{{"content", QString::fromUtf8(content)}};
    QJsonObject choice{{"index", 0}, {"delta", delta}, {"finish_reason", finish ? QJsonValue(finish) : QJsonValue()}};
    QJsonObject body{{"id", "c1"}, {"object", "chat.completion.chunk"}, {"choices", QJsonArray{choice}}};
    return "data: " + QJsonDocument(body).toJson(QJsonDocument::Compact) + "\n\n";
}

// The stream of `text` as one delta per `piece` bytes (cut anywhere, even inside a character),
// then the finish chunk and [DONE].
QByteArray streamOf(const QByteArray& text, int piece)
{
    QByteArray sse;
    int i = 0;
    while (i < text.size()) {
        // JSON cannot carry half a UTF-8 character: cut on character starts like a provider does.
        int end = std::min<int>(i + piece, int(text.size()));
        while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
            ++end;
        sse += chunk(text.mid(i, end - i));
        i = end;
    }
    sse += chunk("", "stop");
    sse += "data: [DONE]\n\n";
    return sse;
}

struct StreamResult
{
    QByteArray content;
    QStringList finishReasons;
    bool done = false;
    bool validJson = true;
};

// Feeds `sse` to the filter in pieces of `split` bytes and reads back what the client would see.
StreamResult run(AnswerFilter& filter, const QByteArray& sse, int split)
{
    QByteArray out;
    for (int i = 0; i < sse.size(); i += split)
        filter.streamBytes(std::string_view(sse.constData() + i, size_t(std::min<int>(split, int(sse.size()) - i))), out);
    StreamResult r;
    api::SseParser parser;
    std::vector<api::SseEvent> events;
    parser.feed(std::string_view(out.constData(), size_t(out.size())), events);
    for (const api::SseEvent& e : events) {
        if (e.data == "[DONE]") {
            r.done = true;
            continue;
        }
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(e.data, &error);
        if (error.error != QJsonParseError::NoError) {
            r.validJson = false;
            continue;
        }
        for (const QJsonValue& c : doc.object().value("choices").toArray()) {
            r.content += c.toObject().value("delta").toObject().value("content").toString().toUtf8();
            const QJsonValue finish = c.toObject().value("finish_reason");
            if (finish.isString())
                r.finishReasons.append(finish.toString());
        }
    }
    return r;
}

QByteArray answer(const QByteArray& content)
{
    QJsonObject message{{"role", "assistant"}, {"content", QString::fromUtf8(content)}};
    QJsonObject choice{{"index", 0}, {"message", message}, {"finish_reason", "stop"}};
    return QJsonDocument(QJsonObject{{"id", "c1"}, {"choices", QJsonArray{choice}}}).toJson(QJsonDocument::Compact);
}

std::shared_ptr<const guardrails::Scanner> scannerFor(const guardrails::GuardrailsPolicy& policy)
{
    return std::make_shared<guardrails::Scanner>(policy.scannerOptions());
}

} // namespace

class TestAnswerFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void wholeAnswerRedactsSecrets();
    void wholeAnswerBlockEndsTheChoice();
    void loggedFindingsPassUnchanged();
    void streamRedactsAtEverySplit_data();
    void streamRedactsAtEverySplit();
    void streamBlockWithholdsTheRest();
    void streamKeepsCharactersWhole();
    void restoresPlaceholdersAfterScanning();
};

void TestAnswerFilter::wholeAnswerRedactsSecrets()
{
    guardrails::GuardrailsPolicy policy; // secrets: redact
    AnswerFilter filter(std::make_unique<ResponseScanner>(scannerFor(policy), policy), nullptr);
    QByteArray body = answer("Use the key " + kKey + " for the upload.");
    QVERIFY(filter.filterAnswer(body));
    QVERIFY2(!body.contains(kKey), body.constData());
    const QJsonObject choice = QJsonDocument::fromJson(body).object().value("choices").toArray().at(0).toObject();
    QVERIFY(choice.value("message").toObject().value("content").toString().startsWith("Use the key ["));
    QCOMPARE(choice.value("finish_reason").toString(), QStringLiteral("stop"));
    QCOMPARE(filter.scanner()->counts()[std::size_t(DetectorId::AwsAccessKey)], 1u);
}

void TestAnswerFilter::wholeAnswerBlockEndsTheChoice()
{
    guardrails::GuardrailsPolicy policy;
    policy.setAction(DetectorId::Email, Action::Block);
    AnswerFilter filter(std::make_unique<ResponseScanner>(scannerFor(policy), policy), nullptr);
    QByteArray body = answer("Write to jane.doe@example.org about it.");
    QVERIFY(filter.filterAnswer(body));
    QVERIFY(!body.contains("jane.doe"));
    const QJsonObject choice = QJsonDocument::fromJson(body).object().value("choices").toArray().at(0).toObject();
    QCOMPARE(choice.value("message").toObject().value("content").toString(), QString());
    QCOMPARE(choice.value("finish_reason").toString(), QStringLiteral("content_filter"));
}

void TestAnswerFilter::loggedFindingsPassUnchanged()
{
    guardrails::GuardrailsPolicy policy; // PII: log
    AnswerFilter filter(std::make_unique<ResponseScanner>(scannerFor(policy), policy), nullptr);
    const QByteArray original = answer("Write to jane.doe@example.org about it.");
    QByteArray body = original;
    QVERIFY(filter.filterAnswer(body));
    QCOMPARE(body, original);
    QCOMPARE(filter.scanner()->counts()[std::size_t(DetectorId::Email)], 1u);
    QByteArray notJson = "not json";
    QVERIFY(!filter.filterAnswer(notJson));
    QCOMPARE(notJson, QByteArray("not json"));
}

void TestAnswerFilter::streamRedactsAtEverySplit_data()
{
    QTest::addColumn<int>("piece");
    for (int piece : {1, 2, 3, 5, 7, 13, 64, 300})
        QTest::addRow("deltas of %d bytes", piece) << piece;
}

void TestAnswerFilter::streamRedactsAtEverySplit()
{
    QFETCH(int, piece);
    QByteArray text = "Here is the configuration. ";
    for (int i = 0; i < 20; ++i)
        text += "Line " + QByteArray::number(i) + " of the notes, nothing secret in it. ";
    text += "The key is " + kKey + " and the second copy " + kKey + " ends here.";
    const QByteArray sse = streamOf(text, piece);
    for (int split : {1, 7, 100000}) {
        guardrails::GuardrailsPolicy policy;
        AnswerFilter filter(std::make_unique<ResponseScanner>(scannerFor(policy), policy), nullptr);
        const StreamResult r = run(filter, sse, split);
        QVERIFY(r.validJson);
        QVERIFY(r.done);
        QVERIFY2(!r.content.contains(kKey), r.content.constData());
        QVERIFY(r.content.startsWith("Here is the configuration. Line 0"));
        QVERIFY(r.content.endsWith(" ends here."));
        QCOMPARE(r.content.count("[AWS_KEY_1]"), 2); // the same value, the same placeholder
        QCOMPARE(r.finishReasons, QStringList{QStringLiteral("stop")});
    }
}

void TestAnswerFilter::streamBlockWithholdsTheRest()
{
    guardrails::GuardrailsPolicy policy;
    policy.setAction(DetectorId::AwsAccessKey, Action::Block);
    QByteArray text;
    for (int i = 0; i < 30; ++i)
        text += "Ordinary words before it. ";
    text += "Now the key " + kKey + " and more words after it that must not arrive either.";
    AnswerFilter filter(std::make_unique<ResponseScanner>(scannerFor(policy), policy), nullptr);
    const StreamResult r = run(filter, streamOf(text, 9), 5);
    QVERIFY(r.validJson);
    QVERIFY(r.done);
    QVERIFY(!r.content.contains(kKey));
    QVERIFY(!r.content.contains("must not arrive"));
    QVERIFY(r.content.startsWith("Ordinary words before it."));
    QCOMPARE(r.finishReasons, QStringList{QStringLiteral("content_filter")}); // and not "stop" after it
}

void TestAnswerFilter::streamKeepsCharactersWhole()
{
    guardrails::GuardrailsPolicy policy;
    QByteArray text;
    for (int i = 0; i < 200; ++i)
        text += "Grüße, नमस्ते, 😀 ";
    AnswerFilter filter(std::make_unique<ResponseScanner>(scannerFor(policy), policy), nullptr);
    const StreamResult r = run(filter, streamOf(text, 5), 3);
    QVERIFY(r.validJson);
    QCOMPARE(r.content, text); // nothing found, nothing changed, no character cut in two
}

void TestAnswerFilter::restoresPlaceholdersAfterScanning()
{
    // The request was pseudonymized: the provider answers with the placeholder, the client gets the
    // address back, and the response scan (e-mail: pseudonymize) does not take it away again.
    guardrails::GuardrailsPolicy policy;
    policy.setAction(DetectorId::Email, Action::Pseudonymize);
    auto pseudonyms = std::make_shared<guardrails::Pseudonymizer>();
    const std::string prompt = "Mail anna.schmidt@example.org today";
    std::vector<guardrails::Detection> found;
    QVERIFY(scannerFor(policy)->scan(prompt, found).ok());
    guardrails::DetectorSet only;
    only.set(std::size_t(DetectorId::Email));
    const std::string sent = pseudonyms->pseudonymize(prompt, found, only);
    QVERIFY(sent.find("anna.schmidt") == std::string::npos);
    const QByteArray placeholder = QByteArray::fromStdString(sent.substr(5, sent.find(' ', 5) - 5));

    for (int piece : {1, 4, 50}) {
        AnswerFilter filter(std::make_unique<ResponseScanner>(scannerFor(policy), policy), pseudonyms);
        const StreamResult r = run(filter, streamOf("I will write to " + placeholder + " at once.", piece), 3);
        QCOMPARE(r.content, QByteArray("I will write to anna.schmidt@example.org at once."));
    }
    AnswerFilter filter(std::make_unique<ResponseScanner>(scannerFor(policy), policy), pseudonyms);
    QByteArray body = answer("I will write to " + placeholder + ".");
    QVERIFY(filter.filterAnswer(body));
    QVERIFY2(body.contains("anna.schmidt@example.org"), body.constData());
}

QTEST_GUILESS_MAIN(TestAnswerFilter)
#include "tst_answerfilter.moc"
