// SHA-256 (core/audit/sha256): both block functions against the published test vectors and
// against OpenSSL over every length up to five blocks, fed whole and in uneven pieces.

#include "audit/sha256.h"

#include <QRandomGenerator>
#include <QTest>

#include <openssl/evp.h>

#include <string>
#include <vector>

using namespace tollgate;

namespace {

QByteArray hex(const Digest& d)
{
    return QByteArray(reinterpret_cast<const char*>(d.data()), qsizetype(d.size())).toHex();
}

Digest referenceDigest(const QByteArray& data)
{
    Digest out{};
    unsigned int length = 0;
    EVP_Digest(data.constData(), std::size_t(data.size()), out.data(), &length, EVP_sha256(), nullptr);
    return out;
}

// Hashes `data` with `blocks`, handing it over in the piece sizes given (cycled).
Digest hashInPieces(sha256_detail::BlockFunction blocks, const QByteArray& data,
                    const std::vector<int>& pieces)
{
    Sha256 h(blocks);
    qsizetype at = 0;
    for (std::size_t i = 0; at < data.size(); ++i) {
        const qsizetype take = std::min<qsizetype>(pieces[i % pieces.size()], data.size() - at);
        h.update(data.constData() + at, std::size_t(take));
        at += take;
    }
    return h.final();
}

} // namespace

class TestSha256 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void publishedVectors_data();
    void publishedVectors();
    void matchesOpenSslAtEveryLength_data();
    void matchesOpenSslAtEveryLength();
    void finalResetsForTheNextMessage();
    void bestBlockFunctionFollowsTheProcessor();

private:
    void addBlockFunctions();
};

void TestSha256::init()
{
    if (QByteArray(QTest::currentDataTag()).startsWith("sha extensions") &&
        !sha256_detail::hasShaExtensions())
        QSKIP("this processor has no SHA extensions");
}

void TestSha256::addBlockFunctions()
{
    QTest::addColumn<quintptr>("blocks");
}

void TestSha256::publishedVectors_data()
{
    addBlockFunctions();
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("digest");
    const struct
    {
        const char* name;
        QByteArray message;
        const char* digest;
    } vectors[] = {
        {"empty", QByteArray(), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", QByteArray("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"448 bits", QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"896 bits",
         QByteArray("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqr"
                    "lmnopqrsmn"
                    "opqrstnopqrstu"),
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
        {"a million a", QByteArray(1000000, 'a'),
         "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    for (const auto& v : vectors) {
        QTest::addRow("portable, %s", v.name)
            << quintptr(&sha256_detail::blocksPortable) << v.message << QByteArray(v.digest);
        QTest::addRow("sha extensions, %s", v.name)
            << quintptr(&sha256_detail::blocksWithShaExtensions) << v.message << QByteArray(v.digest);
    }
}

void TestSha256::publishedVectors()
{
    QFETCH(quintptr, blocks);
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, digest);
    const auto fn = reinterpret_cast<sha256_detail::BlockFunction>(blocks);
    QCOMPARE(hex(hashInPieces(fn, message, {int(message.size()) + 1})), digest);
    QCOMPARE(hex(hashInPieces(fn, message, {1, 63, 7, 64, 129})), digest);
}

void TestSha256::matchesOpenSslAtEveryLength_data()
{
    addBlockFunctions();
    QTest::newRow("portable") << quintptr(&sha256_detail::blocksPortable);
    QTest::newRow("sha extensions") << quintptr(&sha256_detail::blocksWithShaExtensions);
}

void TestSha256::matchesOpenSslAtEveryLength()
{
    QFETCH(quintptr, blocks);
    const auto fn = reinterpret_cast<sha256_detail::BlockFunction>(blocks);
    QRandomGenerator random(20261125);
    // Every length around the padding boundaries (55/56/63/64 bytes into a block) up to 5 blocks.
    for (int length = 0; length <= 5 * 64 + 1; ++length) {
        QByteArray data(length, Qt::Uninitialized);
        for (char& c : data)
            c = char(random.bounded(256));
        const QByteArray expected = hex(referenceDigest(data));
        QCOMPARE(hex(hashInPieces(fn, data, {length + 1})), expected);
        QCOMPARE(hex(hashInPieces(fn, data, {1})), expected);
        QCOMPARE(hex(hashInPieces(fn, data, {3, 64, 61, 128, 1})), expected);
    }
}

void TestSha256::finalResetsForTheNextMessage()
{
    Sha256 h;
    h.update("first message, longer than one block of sixty-four bytes for good measure", 73);
    (void)h.final();
    h.update("abc", 3);
    QCOMPARE(hex(h.final()), QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QCOMPARE(hex(sha256("abc", 3)),
             QByteArray("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
}

void TestSha256::bestBlockFunctionFollowsTheProcessor()
{
    QCOMPARE(sha256_detail::bestBlockFunction() == &sha256_detail::blocksWithShaExtensions,
             sha256_detail::hasShaExtensions());
    qInfo("SHA extensions on this processor: %s", sha256_detail::hasShaExtensions() ? "yes" : "no");
}

QTEST_GUILESS_MAIN(TestSha256)
#include "tst_sha256.moc"
