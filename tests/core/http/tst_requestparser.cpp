#include "http/requestparser.h"

#include <QtTest>

#include <optional>
#include <vector>

using tollgate::http::HttpHeaders;
using tollgate::http::HttpRequest;
using tollgate::http::RequestParser;

Q_DECLARE_METATYPE(RequestParser::State)

namespace {

constexpr std::int64_t kMaxHeader = 512;
constexpr std::int64_t kMaxBody = 100;

struct Outcome
{
    RequestParser::State state = RequestParser::State::NeedMore;
    int status = 0;
    QByteArray message;
    bool sawHeadersComplete = false;
    bool expectsContinue = false;
    qsizetype consumed = 0; // bytes of the input taken when the parse ended
    HttpRequest request;
};

// Feeds `data` cut at `cuts` (ascending offsets) the way a connection does: bytes the parser did
// not take stay at the front of the buffer and are offered again with the next piece.
Outcome feedPieces(RequestParser& parser, const QByteArray& data, const std::vector<qsizetype>& cuts)
{
    Outcome out;
    QByteArray buffer;
    qsizetype offset = 0;
    std::vector<qsizetype> ends = cuts;
    ends.push_back(data.size());
    for (const qsizetype end : ends) {
        buffer.append(data.mid(offset, end - offset));
        offset = end;
        for (;;) {
            const std::size_t n = parser.feed(buffer.constData(), static_cast<std::size_t>(buffer.size()));
            out.consumed += static_cast<qsizetype>(n);
            buffer.remove(0, static_cast<qsizetype>(n));
            out.state = parser.state();
            if (out.state == RequestParser::State::HeadersComplete) {
                out.sawHeadersComplete = true;
                out.expectsContinue = parser.expectsContinue();
                continue;
            }
            if (out.state == RequestParser::State::Complete) {
                out.expectsContinue = parser.expectsContinue();
                out.request = parser.takeRequest();
                return out;
            }
            if (out.state == RequestParser::State::Error) {
                out.status = parser.errorStatus();
                out.message = parser.errorMessage();
                return out;
            }
            break; // NeedMore: next piece
        }
    }
    return out;
}

Outcome feedWhole(const QByteArray& data)
{
    RequestParser parser(kMaxHeader, kMaxBody);
    return feedPieces(parser, data, {});
}

QString describe(const Outcome& o)
{
    return QStringLiteral("state=%1 status=%2 message=%3 method=%4 target=%5 body=%6")
        .arg(int(o.state))
        .arg(o.status)
        .arg(QString::fromUtf8(o.message), QString::fromStdString(o.request.method),
             QString::fromStdString(o.request.target), QString::fromUtf8(o.request.body.toPercentEncoding()));
}

bool sameOutcome(const Outcome& a, const Outcome& b)
{
    return a.state == b.state && a.status == b.status && a.request.method == b.request.method &&
           a.request.target == b.request.target && a.request.body == b.request.body &&
           a.request.keepAlive == b.request.keepAlive && a.request.versionMinor == b.request.versionMinor &&
           a.request.headers.items().size() == b.request.headers.items().size();
}

// The same input must give the same result however the network splits it.
void verifySplitInvariance(const QByteArray& raw, const Outcome& whole)
{
    for (qsizetype cut = 1; cut < raw.size(); ++cut) {
        RequestParser parser(kMaxHeader, kMaxBody);
        const Outcome split = feedPieces(parser, raw, {cut});
        if (!sameOutcome(whole, split))
            QFAIL(qPrintable(QStringLiteral("split at %1 differs: whole {%2} split {%3}")
                                 .arg(cut)
                                 .arg(describe(whole), describe(split))));
    }
    std::vector<qsizetype> everyByte;
    for (qsizetype i = 1; i < raw.size(); ++i)
        everyByte.push_back(i);
    RequestParser parser(kMaxHeader, kMaxBody);
    const Outcome bytewise = feedPieces(parser, raw, everyByte);
    if (!sameOutcome(whole, bytewise))
        QFAIL(qPrintable(QStringLiteral("byte-by-byte differs: whole {%1} bytewise {%2}")
                             .arg(describe(whole), describe(bytewise))));
}

} // namespace

class TestRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fieldTextChecks();
    void validRequests_data();
    void validRequests();
    void rejectedRequests_data();
    void rejectedRequests();
    void expectContinue_data();
    void expectContinue();
    void headersCompleteIsReportedBeforeTheBody();
    void declaredLengthOverLimitIsRefusedBeforeTheBody();
    void chunkedTotalOverLimitIsRefusedAtTheChunkHeader();
    void headerLimitIsExact();
    void endlessChunkLineIsRefused();
    void pipelinedRequestsAreParsedOneAtATime();
    void parserIsReusableAfterReset();
    void nothingIsConsumedAfterAnError();
    void requestPath_data();
    void requestPath();
    void headerLookupIsCaseInsensitive();
};

void TestRequestParser::validRequests_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<int>("versionMinor");
    QTest::addColumn<bool>("keepAlive");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("headerCount");

    QTest::newRow("simple GET") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
                                << QByteArray("/") << 1 << true << QByteArray() << 1;
    QTest::newRow("GET with query") << QByteArray(
                                           "GET /v1/models?x=1 HTTP/1.1\r\nHost: a\r\nAccept: */*\r\n\r\n")
                                    << QByteArray("GET") << QByteArray("/v1/models?x=1") << 1 << true
                                    << QByteArray() << 2;
    QTest::newRow("POST with Content-Length")
        << QByteArray("POST /v1/chat/completions HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello")
        << QByteArray("POST") << QByteArray("/v1/chat/completions") << 1 << true << QByteArray("hello") << 2;
    QTest::newRow("zero Content-Length")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n") << QByteArray("POST")
        << QByteArray("/") << 1 << true << QByteArray() << 2;
    QTest::newRow("HTTP/1.0 closes by default") << QByteArray("GET / HTTP/1.0\r\n\r\n") << QByteArray("GET")
                                                << QByteArray("/") << 0 << false << QByteArray() << 0;
    QTest::newRow("HTTP/1.0 keep-alive")
        << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << 0 << true << QByteArray() << 1;
    QTest::newRow("Connection close")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n") << QByteArray("GET")
        << QByteArray("/") << 1 << false << QByteArray() << 2;
    QTest::newRow("chunked body") << QByteArray(
                                         "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                                         "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")
                                  << QByteArray("POST") << QByteArray("/") << 1 << true
                                  << QByteArray("hello world") << 2;
    QTest::newRow("chunked with extensions and trailers")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "5;name=value\r\nhello\r\n6;a;b=\"q s\"\r\n world\r\n0;last\r\nX-Trailer: "
                      "t\r\nX-Other: u\r\n\r\n")
        << QByteArray("POST") << QByteArray("/") << 1 << true << QByteArray("hello world") << 2;
    QTest::newRow("chunked uppercase hex and coding name")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
                      "A\r\n0123456789\r\n00\r\n\r\n")
        << QByteArray("POST") << QByteArray("/") << 1 << true << QByteArray("0123456789") << 2;
    QTest::newRow("empty lines before the request line")
        << QByteArray("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET") << QByteArray("/")
        << 1 << true << QByteArray() << 1;
    QTest::newRow("absolute-form target")
        << QByteArray("GET http://a/v1/models HTTP/1.1\r\nHost: a\r\n\r\n") << QByteArray("GET")
        << QByteArray("http://a/v1/models") << 1 << true << QByteArray() << 1;
    QTest::newRow("invalid UTF-8 in target and value")
        << QByteArray("GET /\xff\xfe/\xc3 HTTP/1.1\r\nHost: a\r\nX-Name: \xc3\x28\xa0\xa1\r\n\r\n")
        << QByteArray("GET") << QByteArray("/\xff\xfe/\xc3") << 1 << true << QByteArray() << 2;
    QTest::newRow("unknown method") << QByteArray("PURGE /x HTTP/1.1\r\nHost: a\r\n\r\n")
                                    << QByteArray("PURGE") << QByteArray("/x") << 1 << true << QByteArray()
                                    << 1;
    QTest::newRow("binary body") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\n") +
                                        QByteArray("\0\r\n\xff", 4)
                                 << QByteArray("POST") << QByteArray("/") << 1 << true
                                 << QByteArray("\0\r\n\xff", 4) << 2;
}

void TestRequestParser::validRequests()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, target);
    QFETCH(int, versionMinor);
    QFETCH(bool, keepAlive);
    QFETCH(QByteArray, body);
    QFETCH(int, headerCount);

    const Outcome whole = feedWhole(raw);
    QVERIFY2(whole.state == RequestParser::State::Complete, qPrintable(describe(whole)));
    QCOMPARE(whole.consumed, raw.size());
    QCOMPARE(QByteArray::fromStdString(whole.request.method), method);
    QCOMPARE(QByteArray::fromStdString(whole.request.target), target);
    QCOMPARE(whole.request.versionMinor, versionMinor);
    QCOMPARE(whole.request.keepAlive, keepAlive);
    QCOMPARE(whole.request.body, body);
    QCOMPARE(int(whole.request.headers.items().size()), headerCount);
    // Trailer fields never land among the header fields.
    QVERIFY(!whole.request.headers.contains("X-Trailer"));
    verifySplitInvariance(raw, whole);
}

void TestRequestParser::rejectedRequests_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");

    const QByteArray post = "POST / HTTP/1.1\r\nHost: a\r\n";
    const QByteArray chunkedPost = post + "Transfer-Encoding: chunked\r\n\r\n";

    // Request smuggling: ambiguous framing.
    QTest::newRow("Content-Length then Transfer-Encoding")
        << post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("Transfer-Encoding then Content-Length")
        << post + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("Transfer-Encoding gzip then Content-Length")
        << post + "Transfer-Encoding: gzip\r\nContent-Length: 5\r\n\r\nhello" << 400;
    QTest::newRow("duplicate Content-Length same value")
        << post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello" << 400;
    QTest::newRow("Content-Length different values")
        << post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!" << 400;
    QTest::newRow("Content-Length list") << post + "Content-Length: 5, 5\r\n\r\nhello" << 400;
    QTest::newRow("Content-Length not a number") << post + "Content-Length: abc\r\n\r\n" << 400;
    QTest::newRow("Content-Length with plus sign") << post + "Content-Length: +5\r\n\r\nhello" << 400;
    QTest::newRow("Content-Length negative") << post + "Content-Length: -1\r\n\r\n" << 400;
    QTest::newRow("Content-Length overflow") << post + "Content-Length: 184467440737095516160\r\n\r\n" << 400;
    QTest::newRow("Transfer-Encoding gzip") << post + "Transfer-Encoding: gzip\r\n\r\n" << 400;
    QTest::newRow("Transfer-Encoding identity") << post + "Transfer-Encoding: identity\r\n\r\n" << 400;
    QTest::newRow("Transfer-Encoding chunked then other") << post + "Transfer-Encoding: chunked, x\r\n\r\n"
                                                          << 400;
    QTest::newRow("Transfer-Encoding gzip then chunked")
        << post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("Transfer-Encoding twice")
        << post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"
        << 400;
    QTest::newRow("Transfer-Encoding in HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << 400;

    // Chunk framing.
    QTest::newRow("chunk size not hex") << chunkedPost + "zz\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::newRow("chunk size overflow") << chunkedPost + "1ffffffffffffffff\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::newRow("chunk size negative") << chunkedPost + "-5\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::newRow("chunk size with 0x prefix") << chunkedPost + "0x5\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::newRow("chunk size with leading space") << chunkedPost + " 5\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::newRow("chunk longer than its size") << chunkedPost + "3\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::newRow("chunk line ends in bare LF") << chunkedPost + "5\nhello\r\n0\r\n\r\n" << 400;
    QTest::newRow("chunk data ends in bare LF") << chunkedPost + "5\r\nhello\n0\r\n\r\n" << 400;
    QTest::newRow("chunk extension malformed") << chunkedPost + "5;=x\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::newRow("trailer with Content-Length")
        << chunkedPost + "5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n"
        << 400;

    // Line endings and field syntax.
    QTest::newRow("LF-only lines") << QByteArray("GET / HTTP/1.1\nHost: a\n\n") << 400;
    QTest::newRow("bare LF after a field") << QByteArray("GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n") << 400;
    QTest::newRow("bare LF ends the header") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n\n") << 400;
    QTest::newRow("bare CR in a value") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n b\r\n\r\n") << 400;
    QTest::newRow("obs-fold with tab")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\r\n\tb\r\n\r\n") << 400;
    QTest::newRow("whitespace before the first field")
        << QByteArray("GET / HTTP/1.1\r\n Host: a\r\n\r\n") << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : a\r\n\r\n") << 400;
    QTest::newRow("space in field name") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX Y: b\r\n\r\n") << 400;
    QTest::newRow("separator in field name")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX[1]: b\r\n\r\n") << 400;
    QTest::newRow("empty field name") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n") << 400;
    QTest::newRow("non-ASCII field name")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX\xc3\xa9: b\r\n\r\n") << 400;
    QTest::newRow("control char in value")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\x01z\r\n\r\n") << 400;
    QTest::newRow("NUL in value") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a") + QByteArray(1, '\0') +
                                         QByteArray("z\r\n\r\n")
                                  << 400;
    QTest::newRow("DEL in value") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX: a\x7fz\r\n\r\n") << 400;
    QTest::newRow("control char in target") << QByteArray("GET /a\x01z HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("separator in method") << QByteArray("G(T / HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("space before the request line") << QByteArray(" GET / HTTP/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("missing Host") << QByteArray("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n") << 400;
    QTest::newRow("duplicate Host") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;

    // Versions.
    QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\nHost: a\r\n\r\n") << 505;
    QTest::newRow("HTTP/1.2") << QByteArray("GET / HTTP/1.2\r\nHost: a\r\n\r\n") << 505;
    QTest::newRow("HTTP/0.9 version token") << QByteArray("GET / HTTP/0.9\r\n\r\n") << 505;
    QTest::newRow("HTTP/0.9 simple request") << QByteArray("GET /\r\n\r\n") << 400;
    QTest::newRow("lowercase protocol name") << QByteArray("GET / http/1.1\r\nHost: a\r\n\r\n") << 400;
    QTest::newRow("two-digit minor version") << QByteArray("GET / HTTP/1.10\r\nHost: a\r\n\r\n") << 400;

    // Limits (header 512 bytes, body 100 bytes in this test).
    QTest::newRow("header section too large")
        << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + QByteArray(600, 'b') + "\r\n\r\n") << 431;
    QTest::newRow("request line too large")
        << QByteArray("GET /" + QByteArray(600, 'p') + " HTTP/1.1\r\nHost: a\r\n\r\n") << 431;
    QTest::newRow("too many empty lines before the request")
        << QByteArray(QByteArray(300, '\r').replace('\r', "\r\n") + "GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        << 431;
    QTest::newRow("declared Content-Length over limit") << post + "Content-Length: 101\r\n\r\n" << 413;
    QTest::newRow("chunked total over limit")
        << chunkedPost + "3c\r\n" + QByteArray(60, 'x') + "\r\n3c\r\n" + QByteArray(60, 'y') + "\r\n0\r\n\r\n"
        << 413;
    QTest::newRow("one chunk over limit") << chunkedPost + "fff\r\n" << 413;
}

void TestRequestParser::rejectedRequests()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);

    const Outcome whole = feedWhole(raw);
    QVERIFY2(whole.state == RequestParser::State::Error, qPrintable(describe(whole)));
    QCOMPARE(whole.status, status);
    QVERIFY(!whole.message.isEmpty());
    verifySplitInvariance(raw, whole);
}

void TestRequestParser::expectContinue_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<bool>("expected");

    QTest::newRow("100-continue")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n")
        << true;
    QTest::newRow("case-insensitive")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nexpect: 100-Continue\r\nContent-Length: 3\r\n\r\n")
        << true;
    QTest::newRow("chunked body")
        << QByteArray(
               "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
        << true;
    QTest::newRow("ignored in HTTP/1.0")
        << QByteArray("POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n") << false;
    QTest::newRow("other expectation")
        << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nExpect: something\r\nContent-Length: 3\r\n\r\n")
        << false;
    QTest::newRow("no Expect") << QByteArray("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\n")
                               << false;
}

void TestRequestParser::expectContinue()
{
    QFETCH(QByteArray, raw);
    QFETCH(bool, expected);

    RequestParser parser(kMaxHeader, kMaxBody);
    const std::size_t n = parser.feed(raw.constData(), static_cast<std::size_t>(raw.size()));
    QCOMPARE(qsizetype(n), raw.size());
    QCOMPARE(parser.state(), RequestParser::State::HeadersComplete);
    QCOMPARE(parser.expectsContinue(), expected);
}

void TestRequestParser::headersCompleteIsReportedBeforeTheBody()
{
    const QByteArray head = "POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n";
    const QByteArray request = head + "0123456789";
    RequestParser parser(kMaxHeader, kMaxBody);
    std::size_t n = parser.feed(request.constData(), static_cast<std::size_t>(request.size()));
    // The parser stops right after the header so the connection can act on it (100-continue, timers).
    QCOMPARE(parser.state(), RequestParser::State::HeadersComplete);
    QCOMPARE(qsizetype(n), head.size());
    QVERIFY(parser.headersComplete());
    QCOMPARE(parser.request().method, std::string("POST"));
    QCOMPARE(parser.request().headers.value("content-length"), std::string_view("10"));

    n = parser.feed(request.constData() + head.size(), 4);
    QCOMPARE(n, std::size_t(4));
    QCOMPARE(parser.state(), RequestParser::State::NeedMore);
    n = parser.feed(request.constData() + head.size() + 4, 6);
    QCOMPARE(n, std::size_t(6));
    QCOMPARE(parser.state(), RequestParser::State::Complete);
    QCOMPARE(parser.takeRequest().body, QByteArray("0123456789"));
}

void TestRequestParser::declaredLengthOverLimitIsRefusedBeforeTheBody()
{
    // Only the header: no body byte has been sent, and the answer is already known.
    const QByteArray head =
        "POST / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 104857600\r\n\r\n";
    RequestParser parser(kMaxHeader, 32 * 1024 * 1024);
    parser.feed(head.constData(), static_cast<std::size_t>(head.size()));
    QCOMPARE(parser.state(), RequestParser::State::Error);
    QCOMPARE(parser.errorStatus(), 413);
    QCOMPARE(QByteArray(parser.errorCode()), QByteArray("request_too_large"));
}

void TestRequestParser::chunkedTotalOverLimitIsRefusedAtTheChunkHeader()
{
    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    RequestParser parser(kMaxHeader, kMaxBody);
    QByteArray data = head + "32\r\n" + QByteArray(50, 'a') + "\r\n";
    QByteArray buffer = data;
    std::size_t n = parser.feed(buffer.constData(), static_cast<std::size_t>(buffer.size()));
    QCOMPARE(parser.state(), RequestParser::State::HeadersComplete);
    buffer.remove(0, qsizetype(n));
    n = parser.feed(buffer.constData(), static_cast<std::size_t>(buffer.size()));
    buffer.remove(0, qsizetype(n));
    QCOMPARE(parser.state(), RequestParser::State::NeedMore);
    QVERIFY(buffer.size() <= 2); // at most the CRLF that closes the chunk data
    // 50 + 51 > 100: refused on the chunk-size line, before its data.
    buffer += "33\r\n";
    parser.feed(buffer.constData(), static_cast<std::size_t>(buffer.size()));
    QCOMPARE(parser.state(), RequestParser::State::Error);
    QCOMPARE(parser.errorStatus(), 413);
}

void TestRequestParser::headerLimitIsExact()
{
    const QByteArray prefix = "GET / HTTP/1.1\r\nHost: a\r\nX: ";
    const QByteArray suffix = "\r\n\r\n";
    const qsizetype fill = kMaxHeader - prefix.size() - suffix.size();
    const QByteArray atLimit = prefix + QByteArray(fill, 'v') + suffix;
    QCOMPARE(atLimit.size(), qsizetype(kMaxHeader));
    Outcome o = feedWhole(atLimit);
    QVERIFY2(o.state == RequestParser::State::Complete, qPrintable(describe(o)));

    const QByteArray overLimit = prefix + QByteArray(fill + 1, 'v') + suffix;
    o = feedWhole(overLimit);
    QCOMPARE(o.state, RequestParser::State::Error);
    QCOMPARE(o.status, 431);

    // A line that never ends is refused once it passes the limit, not when it ends.
    RequestParser parser(kMaxHeader, kMaxBody);
    const QByteArray endless = prefix + QByteArray(kMaxHeader, 'v');
    parser.feed(endless.constData(), static_cast<std::size_t>(endless.size()));
    QCOMPARE(parser.state(), RequestParser::State::Error);
    QCOMPARE(parser.errorStatus(), 431);
}

void TestRequestParser::endlessChunkLineIsRefused()
{
    const QByteArray head = "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n";
    RequestParser parser(kMaxHeader, kMaxBody);
    QByteArray buffer = head + "5;ext=" + QByteArray(kMaxHeader + 10, 'e');
    for (int i = 0; i < 4 && parser.state() != RequestParser::State::Error; ++i) {
        const std::size_t n = parser.feed(buffer.constData(), static_cast<std::size_t>(buffer.size()));
        buffer.remove(0, qsizetype(n));
    }
    QCOMPARE(parser.state(), RequestParser::State::Error);
    QCOMPARE(parser.errorStatus(), 400);
}

void TestRequestParser::pipelinedRequestsAreParsedOneAtATime()
{
    const QByteArray first = "POST /one HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc";
    const QByteArray second = "GET /two HTTP/1.1\r\nHost: a\r\n\r\n";
    const QByteArray third =
        "POST /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nz\r\n0\r\n\r\n";
    QByteArray buffer = first + second + third;

    RequestParser parser(kMaxHeader, kMaxBody);
    QStringList targets;
    QList<QByteArray> bodies;
    while (!buffer.isEmpty()) {
        const std::size_t n = parser.feed(buffer.constData(), static_cast<std::size_t>(buffer.size()));
        buffer.remove(0, qsizetype(n));
        if (parser.state() == RequestParser::State::HeadersComplete)
            continue;
        QCOMPARE(parser.state(), RequestParser::State::Complete);
        HttpRequest request = parser.takeRequest();
        targets << QString::fromStdString(request.target);
        bodies << request.body;
        parser.reset();
        if (targets.size() == 1)
            QCOMPARE(buffer.size(), second.size() + third.size()); // nothing of the next one was taken
    }
    QCOMPARE(targets, QStringList({"/one", "/two", "/three"}));
    QCOMPARE(bodies, QList<QByteArray>({"abc", "", "z"}));
}

void TestRequestParser::parserIsReusableAfterReset()
{
    RequestParser parser(kMaxHeader, kMaxBody);
    for (int i = 0; i < 100; ++i) {
        const QByteArray body = QByteArray::number(i);
        const QByteArray raw =
            "POST /r HTTP/1.1\r\nHost: a\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" +
            body;
        const Outcome o = feedPieces(parser, raw, {5, raw.size() - 1});
        QCOMPARE(o.state, RequestParser::State::Complete);
        QCOMPARE(o.request.body, body);
        QVERIFY(parser.started());
        parser.reset();
        QVERIFY(!parser.started());
        QVERIFY(!parser.headersComplete());
    }
}

void TestRequestParser::nothingIsConsumedAfterAnError()
{
    RequestParser parser(kMaxHeader, kMaxBody);
    const QByteArray bad = "GET / HTTP/2.0\r\nHost: a\r\n\r\n";
    parser.feed(bad.constData(), static_cast<std::size_t>(bad.size()));
    QCOMPARE(parser.state(), RequestParser::State::Error);
    QCOMPARE(parser.errorStatus(), 505);
    const QByteArray more = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
    QCOMPARE(parser.feed(more.constData(), static_cast<std::size_t>(more.size())), std::size_t(0));
    QCOMPARE(parser.state(), RequestParser::State::Error);
    parser.reset();
    parser.feed(more.constData(), static_cast<std::size_t>(more.size()));
    QCOMPARE(parser.state(), RequestParser::State::Complete);
}

void TestRequestParser::requestPath_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("path");
    QTest::newRow("plain") << QByteArray("/v1/models") << QByteArray("/v1/models");
    QTest::newRow("query") << QByteArray("/v1/models?x=1&y=2") << QByteArray("/v1/models");
    QTest::newRow("fragment") << QByteArray("/a#frag") << QByteArray("/a");
    QTest::newRow("root with query") << QByteArray("/?q") << QByteArray("/");
    QTest::newRow("absolute-form") << QByteArray("http://host:8080/v1/chat?x") << QByteArray("/v1/chat");
    QTest::newRow("absolute-form https uppercase") << QByteArray("HTTPS://host/p") << QByteArray("/p");
    QTest::newRow("absolute-form without path") << QByteArray("http://host") << QByteArray("/");
    QTest::newRow("asterisk") << QByteArray("*") << QByteArray("*");
}

void TestRequestParser::requestPath()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, path);
    HttpRequest request;
    request.target = target.toStdString();
    const std::string_view p = request.path();
    QCOMPARE(QByteArray(p.data(), qsizetype(p.size())), path);
}

void TestRequestParser::headerLookupIsCaseInsensitive()
{
    HttpHeaders headers;
    headers.add("Content-Type", "application/json");
    headers.add("X-Multi", "1");
    headers.add("x-multi", "2");
    QCOMPARE(headers.value("content-type"), std::string_view("application/json"));
    QVERIFY(headers.contains("CONTENT-TYPE"));
    QCOMPARE(headers.count("X-MULTI"), 2);
    QCOMPARE(headers.value("x-multi"), std::string_view("1"));
    QVERIFY(headers.value("missing").empty());
    headers.set("X-Multi", "3");
    QCOMPARE(headers.count("x-multi"), 1);
    QCOMPARE(headers.value("x-multi"), std::string_view("3"));
    QCOMPARE(headers.items()[1].name, std::string("X-Multi")); // kept the first one's position
    headers.set("New", "n");
    QCOMPARE(headers.value("new"), std::string_view("n"));
    headers.remove("content-type");
    QVERIFY(!headers.contains("Content-Type"));
    QCOMPARE(int(headers.items().size()), 2);
}

void TestRequestParser::fieldTextChecks()
{
    using tollgate::http::isHeaderSafe;
    using tollgate::http::isToken;
    using tollgate::http::trimOws;
    // Every tchar of RFC 9110 5.6.2, and nothing else of the 256 byte values.
    const std::string tchars = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    QVERIFY(isToken(tchars));
    for (int b = 0; b < 256; ++b) {
        const char c = char(b);
        QCOMPARE(isToken(std::string_view(&c, 1)), tchars.find(c) != std::string::npos);
    }
    QVERIFY(!isToken(""));
    QVERIFY(!isToken("x-tollgate cost"));
    QVERIFY(!isToken("x-tollgate:cost"));
    QVERIFY(isHeaderSafe("text with spaces, tabs\t and UTF-8 \xc3\xa9"));
    QVERIFY(!isHeaderSafe("a\r\nSet-Cookie: x"));
    QVERIFY(!isHeaderSafe(std::string_view("a\0b", 3)));
    // Every byte value at every offset of a value long enough for the word-at-a-time check.
    for (int b = 0; b < 256; ++b) {
        for (std::size_t at = 0; at < 24; ++at) {
            std::string value(24, 'v');
            value[at] = char(b);
            const bool safe = b != '\r' && b != '\n' && b != 0;
            QVERIFY2(isHeaderSafe(value) == safe, qPrintable(QStringLiteral("byte %1 at %2").arg(b).arg(at)));
        }
    }
    QCOMPARE(trimOws(" \t value \t"), std::string_view("value"));
    using tollgate::http::listsToken;
    QVERIFY(listsToken("keep-alive, Close", "close"));
    QVERIFY(listsToken(" close ", "close"));
    QVERIFY(!listsToken("closed, keep-alive", "close"));
    QVERIFY(!listsToken("", "close"));
}

QTEST_GUILESS_MAIN(TestRequestParser)
#include "tst_requestparser.moc"
