#include "common/batchqueue.h"
#include "common/utf8.h"

#include <QString>
#include <QTest>

#include <memory>
#include <string>
#include <utility>
#include <vector>

using namespace tollgate;

namespace {

// What is left in the queue, front to back, taken one at a time.
std::vector<int> drain(BatchQueue<int>& q)
{
    std::vector<int> out;
    while (!q.empty()) {
        out.push_back(q.front());
        q.pop_front();
    }
    return out;
}

std::vector<int> range(int from, int to)
{
    std::vector<int> v;
    for (int i = from; i < to; ++i)
        v.push_back(i);
    return v;
}

} // namespace

class TestBatchQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void takeAll_swapsAndKeepsOrder()
    {
        BatchQueue<int> q;
        for (int i = 0; i < 10; ++i)
            q.push_back(i);
        std::vector<int> batch;
        q.takeFront(100, batch);
        QCOMPARE(batch, range(0, 10));
        QVERIFY(q.empty());
        QCOMPARE(q.size(), std::size_t(0));
        // The next round reuses the storage the two vectors traded.
        batch.clear();
        q.push_back(10);
        q.takeFront(1, batch);
        QCOMPARE(batch, std::vector<int>{10});
    }

    void takeSome_thenTheRest_inOrder()
    {
        BatchQueue<int> q;
        for (int i = 0; i < 10; ++i)
            q.push_back(i);
        std::vector<int> batch;
        q.takeFront(3, batch);
        QCOMPARE(batch, range(0, 3));
        QCOMPARE(q.size(), std::size_t(7));
        QCOMPARE(q.front(), 3);
        q.takeFront(4, batch); // appends
        QCOMPARE(batch, range(0, 7));
        QCOMPARE(drain(q), range(7, 10));
    }

    void putBackFront_restoresAFailedBatchFirst()
    {
        BatchQueue<int> q;
        for (int i = 0; i < 6; ++i)
            q.push_back(i);
        std::vector<int> batch;
        q.takeFront(4, batch);
        q.push_back(6);
        q.putBackFront(batch);
        QVERIFY(batch.empty());
        QCOMPARE(drain(q), range(0, 7));
    }

    void popFront_dropsOldestAndReleasesIt()
    {
        BatchQueue<std::shared_ptr<int>> q;
        auto first = std::make_shared<int>(1);
        std::weak_ptr<int> watch = first;
        q.push_back(std::move(first));
        q.push_back(std::make_shared<int>(2));
        q.pop_front();
        QVERIFY(watch.expired()); // dropped records free their memory at once
        QCOMPARE(*q.front(), 2);
    }

    // A long queue taken a batch at a time while records keep coming: the consumed prefix is
    // compacted away and nothing is lost or reordered.
    void longQueue_partialTakes_compactWithoutLoss()
    {
        BatchQueue<int> q;
        int next = 0;
        std::vector<int> seen;
        for (int round = 0; round < 400; ++round) {
            for (int k = 0; k < 50; ++k)
                q.push_back(next++);
            std::vector<int> batch;
            q.takeFront(40, batch);
            seen.insert(seen.end(), batch.begin(), batch.end());
        }
        std::vector<int> rest;
        q.takeFront(q.size(), rest);
        seen.insert(seen.end(), rest.begin(), rest.end());
        QCOMPARE(seen, range(0, next));
    }

    void asciiToUtf8_narrowsOnlyAscii()
    {
        std::string out = "previous contents";
        QVERIFY(asciiToUtf8(QStringLiteral("POST /v1/chat?x=\"1\"\t"), out));
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("POST /v1/chat?x=\"1\"\t"));
        QVERIFY(asciiToUtf8(QString(), out));
        QVERIFY(out.empty());
        QVERIFY(!asciiToUtf8(QStringLiteral("caf\u00e9"), out));
        QVERIFY(!asciiToUtf8(QString::fromUtf8("\xE4\xB8\x8A"), out));
        QVERIFY(!asciiToUtf8(QString(1, QChar(0x80)), out));
        QVERIFY(asciiToUtf8(QString(1, QChar(0x7f)), out));
    }

    void appendAscii_appendsOrLeavesAlone()
    {
        std::string out = "kept:";
        QVERIFY(appendAscii(QStringLiteral("eu-west"), out));
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("kept:eu-west"));
        QVERIFY(!appendAscii(QStringLiteral("M\u00fcnchen"), out));
        QCOMPARE(QByteArray::fromStdString(out), QByteArray("kept:eu-west"));
        QVERIFY(appendAscii(QString(), out));
        QCOMPARE(out.size(), std::size_t(12));
    }

    // Every sequence at every offset of a long ASCII run: the word-at-a-time paths must hand each
    // non-ASCII byte to the decoder wherever it falls.
    void isValidUtf8_findsSequencesAnywhere()
    {
        const std::pair<const char*, bool> sequences[] = {
            {"\xC3\xA9", true},              // é
            {"\xE4\xB8\x8A", true},          // 上
            {"\xF0\x9F\x98\x80", true},      // an emoji
            {"\x80", false},                 // a lone continuation byte
            {"\xC0\xAF", false},             // overlong '/'
            {"\xED\xA0\x80", false},         // a UTF-16 surrogate
            {"\xF4\x90\x80\x80", false},     // above U+10FFFF
            {"\xE4\xB8", false},             // cut short
            {"\xFF", false},
        };
        for (const auto& [sequence, valid] : sequences) {
            for (int before = 0; before <= 70; ++before) {
                for (int after = 0; after <= 9; after += 3) {
                    const std::string text = std::string(std::size_t(before), 'a') + sequence +
                                             std::string(std::size_t(after), 'z');
                    QVERIFY2(isValidUtf8(text.data(), text.size()) == valid,
                             qPrintable(QStringLiteral("%1 bytes, then %2, then %3 bytes")
                                            .arg(before)
                                            .arg(QString::fromLatin1(QByteArray(sequence).toHex()))
                                            .arg(after)));
                }
            }
        }
        const std::string ascii(100, 'x');
        QVERIFY(isValidUtf8(ascii.data(), ascii.size()));
        QVERIFY(isValidUtf8(ascii.data(), 0));
    }
};

QTEST_GUILESS_MAIN(TestBatchQueue)
#include "tst_batchqueue.moc"
