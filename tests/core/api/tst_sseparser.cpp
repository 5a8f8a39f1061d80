#include "api/sse.h"

#include <QRandomGenerator>
#include <QTest>

using namespace tollgate::api;

class TestSseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parsesEvents_data();
    void parsesEvents();
    void anySplitGivesTheSameEvents();
    void boundsEventSize();
    void formatsMultiLineData();
};

void TestSseParser::parsesEvents_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<QByteArray>>("data");
    QTest::addColumn<QList<QByteArray>>("events");
    QTest::newRow("lf") << QByteArray("data: a\n\ndata: b\n\n") << QList<QByteArray>{"a", "b"}
                        << QList<QByteArray>{"", ""};
    QTest::newRow("crlf") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n") << QList<QByteArray>{"a", "b"}
                          << QList<QByteArray>{"", ""};
    QTest::newRow("cr") << QByteArray("data: a\r\rdata: b\r\r") << QList<QByteArray>{"a", "b"}
                        << QList<QByteArray>{"", ""};
    QTest::newRow("no space after colon") << QByteArray("data:a\n\n") << QList<QByteArray>{"a"}
                                          << QList<QByteArray>{""};
    QTest::newRow("multi-line data") << QByteArray("data: a\ndata: b\n\n") << QList<QByteArray>{"a\nb"}
                                     << QList<QByteArray>{""};
    QTest::newRow("event name") << QByteArray("event: message_start\ndata: {}\n\n") << QList<QByteArray>{"{}"}
                                << QList<QByteArray>{"message_start"};
    QTest::newRow("comment only") << QByteArray(": keep-alive\n\ndata: x\n\n") << QList<QByteArray>{"", "x"}
                                  << QList<QByteArray>{"", ""};
    QTest::newRow("unterminated tail") << QByteArray("data: a\n\ndata: b\n") << QList<QByteArray>{"a"}
                                       << QList<QByteArray>{""};
    QTest::newRow("leading blank lines") << QByteArray("\n\ndata: a\n\n") << QList<QByteArray>{"a"}
                                         << QList<QByteArray>{""};
}

void TestSseParser::parsesEvents()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<QByteArray>, data);
    QFETCH(QList<QByteArray>, events);
    SseParser parser;
    std::vector<SseEvent> out;
    QVERIFY(parser.feed(std::string_view(stream.constData(), size_t(stream.size())), out));
    QCOMPARE(int(out.size()), data.size());
    for (int i = 0; i < data.size(); ++i) {
        QCOMPARE(out[size_t(i)].data, data[i]);
        QCOMPARE(out[size_t(i)].event, events[i]);
    }
}

void TestSseParser::anySplitGivesTheSameEvents()
{
    const QByteArray stream = "data: {\"a\":1}\r\n\r\n: c\n\nevent: e\ndata: x\ndata: y\n\ndata: [DONE]\r\r";
    std::vector<SseEvent> whole;
    SseParser reference;
    QVERIFY(reference.feed(std::string_view(stream.constData(), size_t(stream.size())), whole));
    QCOMPARE(int(whole.size()), 4);
    // Every single split point, then random multi-way splits.
    for (int round = 0; round < 400; ++round) {
        SseParser parser;
        std::vector<SseEvent> out;
        qsizetype pos = 0;
        while (pos < stream.size()) {
            qsizetype len = round < stream.size() ? (pos == 0 ? round + 1 : stream.size())
                                                  : 1 + QRandomGenerator::global()->bounded(5);
            len = std::min(len, stream.size() - pos);
            QVERIFY(parser.feed(std::string_view(stream.constData() + pos, size_t(len)), out));
            pos += len;
        }
        QCOMPARE(out.size(), whole.size());
        for (size_t i = 0; i < out.size(); ++i) {
            QCOMPARE(out[i].data, whole[i].data);
            QCOMPARE(out[i].event, whole[i].event);
        }
    }
}

void TestSseParser::boundsEventSize()
{
    SseParser parser(1024);
    std::vector<SseEvent> out;
    const QByteArray big(2048, 'x');
    QVERIFY(!parser.feed(std::string_view(big.constData(), size_t(big.size())), out));
    QVERIFY(parser.failed());
}

void TestSseParser::formatsMultiLineData()
{
    QCOMPARE(formatSseData("a"), QByteArray("data: a\n\n"));
    QCOMPARE(formatSseData("a\nb"), QByteArray("data: a\ndata: b\n\n"));
}

QTEST_GUILESS_MAIN(TestSseParser)
#include "tst_sseparser.moc"
