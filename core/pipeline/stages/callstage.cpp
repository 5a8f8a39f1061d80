#include "pipeline/stages/callstage.h"

#include "common/logging.h"
#include "http/upstreamclient.h"
#include "pipeline/requestcontext.h"

namespace tollgate::pipeline {
namespace {

// Largest non-stream answer (or error body) the gateway holds in memory for one request.
constexpr qsizetype kMaxAnswerBytes = 64 * 1024 * 1024;
// Above this much unsent output to a slow client, stop reading from the provider.
constexpr std::int64_t kPauseAboveBytes = 1024 * 1024;

QString describeFailure(const routing::RouteTarget& target, const http::UpstreamOutcome& outcome)
{
    return QStringLiteral("provider '%1' failed: %2 (%3)")
        .arg(target.provider->name, QLatin1String(http::upstreamFailureName(outcome.failure)),
             QString::fromStdString(outcome.message));
}

// One request's journey through its targets. Kept alive by the upstream call's handlers and the
// exchange's callbacks; every path ends in context->finish().
class Dispatch : public std::enable_shared_from_this<Dispatch>
{
public:
    explicit Dispatch(std::shared_ptr<RequestContext> context) : m_context(std::move(context)) {}

    void start()
    {
        std::weak_ptr<Dispatch> weak = weak_from_this();
        m_context->exchange().onClientGone = [weak] {
            if (auto self = weak.lock())
                self->clientGone();
        };
        m_context->exchange().onDrained = [weak] {
            if (auto self = weak.lock(); self && self->m_paused && self->m_call) {
                self->m_paused = false;
                self->m_call->resume();
            }
        };
        attempt();
    }

private:
    RequestContext& ctx() { return *m_context; }
    const routing::RouteTarget& target() const { return m_context->targets[m_index]; }

    void attempt()
    {
        if (m_index >= m_context->targets.size()) {
            giveUp();
            return;
        }
        const routing::RouteTarget& t = target();
        ctx().record().attempts++;
        ctx().setServedBy(t);
        if (t.provider->apiKey.source == SecretRef::Source::Env && !t.provider->apiKey.resolved()) {
            failAttempt(api::ApiError::upstreamFailed(
                QStringLiteral("provider '%1' has no API key: the environment variable %2 is not set")
                    .arg(t.provider->name, t.provider->apiKey.envName),
                "provider_not_configured"));
            return;
        }
        Result<http::UpstreamRequest> built = ctx().chat
            ? t.adapter->buildChatRequest(*ctx().chat, *t.provider, *t.model)
            : t.adapter->buildEmbeddingsRequest(*ctx().embeddings, *t.provider, *t.model);
        if (!built) {
            // The request cannot be said in this provider's language: that is the client's to fix,
            // and another target would not make it valid.
            ctx().respondError(api::ApiError::invalidRequest(
                QStringLiteral("provider '%1' (kind %2) cannot take this request: %3")
                    .arg(t.provider->name, t.provider->kind, built.error().message),
                {}, "unsupported_by_provider"));
            done();
            return;
        }
        http::UpstreamRequest request = std::move(built).value();
        m_status = 0;
        m_answer.clear();
        m_stream.reset();
        std::shared_ptr<Dispatch> self = shared_from_this();
        http::UpstreamHandlers handlers;
        handlers.onHead = [self](int status, const http::HttpHeaders& headers) { self->onHead(status, headers); };
        handlers.onBody = [self](std::string_view bytes) { self->onBody(bytes); };
        handlers.onComplete = [self](const http::UpstreamOutcome& outcome) { self->onComplete(outcome); };
        m_call = ctx().services().upstream->start(std::move(request), std::move(handlers));
        // The request is on its way: what the answer's head says besides its cost is worked out
        // now, while the provider works, rather than after its answer arrived.
        if (m_call)
            ctx().prepareAnswerHeaders();
    }

    bool streaming() const { return m_context->chat && m_context->chat->stream && m_status / 100 == 2; }

    void onHead(int status, const http::HttpHeaders& headers)
    {
        m_status = status;
        m_retryAfter = std::string(headers.value("retry-after"));
        if (streaming())
            m_stream = target().adapter->newChatStream(*ctx().chat);
    }

    void onBody(std::string_view bytes)
    {
        if (!m_stream) {
            if (m_answer.size() + qsizetype(bytes.size()) > kMaxAnswerBytes) {
                cancelCall();
                failAttempt(api::ApiError::upstreamFailed(
                    QStringLiteral("provider '%1' sent an answer larger than %2 bytes")
                        .arg(target().provider->name)
                        .arg(kMaxAnswerBytes)));
                return;
            }
            m_answer.append(bytes.data(), qsizetype(bytes.size()));
            return;
        }
        m_out.resize(0); // resize, not clear: keep the capacity for the next chunk
        if (!m_stream->feed(bytes, m_out)) {
            cancelCall();
            const QString reported = m_stream->streamError();
            failAttempt(reported.isEmpty()
                            ? api::ApiError::upstreamFailed(
                                  QStringLiteral("provider '%1' sent a malformed event stream").arg(target().provider->name),
                                  "upstream_invalid_response")
                            : api::ApiError::upstreamFailed(QStringLiteral("provider '%1' reported an error mid-stream: %2")
                                                                .arg(target().provider->name, reported),
                                                            "upstream_stream_error"));
            return;
        }
        if (m_out.isEmpty())
            return;
        if (!ctx().responseStarted()) {
            // Commit to this target only now: until the first event, a failure can still fall over.
            http::HttpHeaders headers;
            headers.add("Content-Type", "text/event-stream");
            headers.add("Cache-Control", "no-cache");
            ctx().beginStream(std::move(headers));
        }
        ctx().writeStream(std::string_view(m_out.constData(), size_t(m_out.size())));
        if (!m_paused && m_call && ctx().exchange().pendingOutputBytes() > kPauseAboveBytes) {
            m_paused = true;
            m_call->pause();
        }
    }

    void onComplete(const http::UpstreamOutcome& outcome)
    {
        m_call.reset();
        ctx().record().upstreamUs += outcome.totalUs;
        if (outcome.failure != http::UpstreamFailure::None) {
            qCDebug(lcGateway) << ctx().requestId() << describeFailure(target(), outcome);
            const QString why = describeFailure(target(), outcome);
            failAttempt(http::isTimeout(outcome.failure) ? api::ApiError::upstreamTimeout(why)
                                                         : api::ApiError::upstreamFailed(why));
            return;
        }
        if (m_status / 100 != 2) {
            answerNon2xx();
            return;
        }
        if (m_stream) {
            if (!m_stream->complete()) {
                failAttempt(api::ApiError::upstreamFailed(
                    QStringLiteral("provider '%1' ended the stream before its end marker").arg(target().provider->name),
                    "upstream_stream_cut"));
                return;
            }
            ctx().settleUsage(m_stream->usage());
            if (!ctx().responseStarted()) { // a complete but empty stream
                http::HttpHeaders headers;
                headers.add("Content-Type", "text/event-stream");
                ctx().beginStream(std::move(headers));
            }
            ctx().endStream();
            done();
            return;
        }
        const routing::RouteTarget& t = target();
        auto translated = ctx().chat ? t.adapter->translateChatResponse(m_answer)
                                     : t.adapter->translateEmbeddingsResponse(m_answer, *ctx().embeddings);
        if (!translated) {
            failAttempt(api::ApiError::upstreamFailed(
                QStringLiteral("provider '%1' sent an invalid answer: %2").arg(t.provider->name, translated.error().message),
                "upstream_invalid_response"));
            return;
        }
        ctx().settleUsage(translated->usage);
        http::HttpResponse response;
        response.status = m_status;
        response.headers.add("Content-Type", "application/json");
        response.body = std::move(translated->body);
        ctx().respond(std::move(response));
        done();
    }

    // A complete non-2xx answer from the provider.
    void answerNon2xx()
    {
        const routing::RouteTarget& t = target();
        QString message = t.adapter->errorMessage(m_answer);
        if (message.isEmpty())
            message = QString::fromUtf8(m_answer.left(200)).simplified();
        const QString why = QStringLiteral("provider '%1' answered %2: %3").arg(t.provider->name).arg(m_status).arg(message);
        if (routing::shouldFallOver(http::UpstreamFailure::None, m_status)) {
            api::ApiError error = m_status == 429
                ? api::ApiError{429, "rate_limit_error", "upstream_rate_limited", {}, why, {}}
                : api::ApiError::upstreamFailed(why);
            if (m_status == 429 && !m_retryAfter.empty())
                error.headers.set("Retry-After", m_retryAfter);
            failAttempt(std::move(error));
            return;
        }
        // The provider refused the request itself. Client errors keep their status; credentials and
        // permissions are the gateway's own, so those become a 502.
        const bool clientFault = m_status == 400 || m_status == 404 || m_status == 409 || m_status == 413
                                 || m_status == 415 || m_status == 422;
        api::ApiError error = clientFault
            ? api::ApiError{m_status, "invalid_request_error", "upstream_rejected", {}, why, {}}
            : api::ApiError::upstreamFailed(why, "upstream_rejected");
        ctx().respondError(error);
        done();
    }

    // This attempt failed. Fall over if nothing has reached the client, else end what was sent.
    void failAttempt(api::ApiError error)
    {
        if (ctx().responseStarted()) {
            ctx().failStream(error);
            done();
            return;
        }
        m_failures.append(error.message);
        m_lastError = std::move(error);
        ++m_index;
        attempt();
    }

    void giveUp()
    {
        api::ApiError error = m_lastError.value_or(api::ApiError::upstreamFailed(QStringLiteral("no target answered")));
        if (m_failures.size() > 1)
            error.message = QStringLiteral("All %1 targets failed: %2").arg(m_failures.size()).arg(m_failures.join(QStringLiteral("; ")));
        ctx().respondError(error);
        done();
    }

    void cancelCall()
    {
        if (m_call) {
            std::shared_ptr<http::UpstreamCall> call = std::move(m_call);
            call->cancel();
        }
    }

    void clientGone()
    {
        cancelCall();
        ctx().record().stopReason = QStringLiteral("call: client disconnected");
        done();
    }

    void done()
    {
        ctx().exchange().onClientGone = nullptr;
        ctx().exchange().onDrained = nullptr;
        m_context->finish();
    }

    std::shared_ptr<RequestContext> m_context;
    size_t m_index = 0;
    std::shared_ptr<http::UpstreamCall> m_call;
    int m_status = 0;
    std::string m_retryAfter;
    QByteArray m_answer;
    QByteArray m_out;
    std::unique_ptr<providers::ChatStreamTranslator> m_stream;
    std::optional<api::ApiError> m_lastError;
    QStringList m_failures; // one line per failed attempt, for the final error
    bool m_paused = false;
};

} // namespace

StageResult CallStage::process(RequestContext& context)
{
    if (context.targets.empty())
        return StageResult::proceed();
    std::make_shared<Dispatch>(context.shared_from_this())->start();
    return StageResult::pending();
}

} // namespace tollgate::pipeline
