// Request ids: their form, and the start time each one carries (which the stores look ids up by).
#include "common/ids.h"

#include <QSet>
#include <QTest>

using namespace tollgate;

class TestIds : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void carriesItsStartTime()
    {
        for (const std::int64_t ms : {std::int64_t(0), std::int64_t(1), std::int64_t(1'700'000'000'123),
                                      std::int64_t(4'102'444'800'000), (std::int64_t(1) << 48) - 1}) {
            const QByteArray id = newRequestId(ms);
            QCOMPARE(id.size(), 28);
            QVERIFY(id.startsWith("req_"));
            QCOMPARE(requestIdTimeMs(id), std::optional<std::int64_t>(ms));
        }
    }

    void sortsByTime_andIsUnique()
    {
        QSet<QByteArray> seen;
        QByteArray previous;
        for (std::int64_t ms = 1'700'000'000'000; ms < 1'700'000'000'300; ++ms) {
            const QByteArray id = newRequestId(ms);
            QVERIFY(id > previous);
            QVERIFY(!seen.contains(id));
            seen.insert(id);
            previous = id;
        }
        const QByteArray now = newRequestId();
        QVERIFY(requestIdTimeMs(now).value_or(0) >= 1'700'000'000'000);
    }

    void refusesWhatIsNotAnId_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("prefix only") << QByteArray("req_");
        QTest::newRow("short") << QByteArray("req_018bcfe56800aaaaaaaaaaa");
        QTest::newRow("long") << QByteArray("req_018bcfe56800aaaaaaaaaaaaa");
        QTest::newRow("other prefix") << QByteArray("msg_018bcfe56800aaaaaaaaaaaa");
        QTest::newRow("upper case") << QByteArray("req_018BCFE56800aaaaaaaaaaaa");
        QTest::newRow("not hex in the tail") << QByteArray("req_018bcfe56800aaaaaaaaaaag");
        QTest::newRow("test ids") << QByteArray("req_100030");
    }

    void refusesWhatIsNotAnId()
    {
        QFETCH(QByteArray, text);
        QCOMPARE(requestIdTimeMs(text), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestIds)
#include "tst_ids.moc"
