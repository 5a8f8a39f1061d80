#pragma once

#include "api/apierror.h"
#include "http/httptypes.h"

#include <QString>

#include <optional>
#include <string_view>

namespace tollgate::pipeline {

class RequestContext;

// Why a request stopped before a provider answered it, as the decision ledger records it:
// a guardrail blocked it (inspect), a policy refused it (auth, residency, rate limit, budget), or
// it failed (bad input, unknown model, upstream failure).
enum class StopKind { Failed, Blocked, Refused };

// What a stage decided. Stopping carries the answer and the reason: the reason is data (it goes
// to the request log and, later, the ledger), not a log line.
class StageResult
{
public:
    enum class Verdict { Continue, Stop, Pending };

    static StageResult proceed() { return StageResult(Verdict::Continue); }
    static StageResult stop(api::ApiError error, QString reason, StopKind kind = StopKind::Failed)
    {
        StageResult r(Verdict::Stop);
        r.m_error = std::move(error);
        r.m_reason = std::move(reason);
        r.m_kind = kind;
        return r;
    }
    static StageResult block(api::ApiError error, QString reason)
    {
        return stop(std::move(error), std::move(reason), StopKind::Blocked);
    }
    static StageResult refuse(api::ApiError error, QString reason)
    {
        return stop(std::move(error), std::move(reason), StopKind::Refused);
    }
    static StageResult answer(http::HttpResponse response, QString reason)
    {
        StageResult r(Verdict::Stop);
        r.m_response = std::move(response);
        r.m_reason = std::move(reason);
        return r;
    }
    // The stage went to the outside world and will answer, and finish the request, itself.
    static StageResult pending() { return StageResult(Verdict::Pending); }

    Verdict verdict() const { return m_verdict; }
    const QString& reason() const { return m_reason; }
    StopKind stopKind() const { return m_kind; }
    std::optional<api::ApiError>& error() { return m_error; }
    std::optional<http::HttpResponse>& response() { return m_response; }

private:
    explicit StageResult(Verdict v) : m_verdict(v) {}
    Verdict m_verdict;
    QString m_reason;
    StopKind m_kind = StopKind::Failed;
    std::optional<api::ApiError> m_error;
    std::optional<http::HttpResponse> m_response;
};

// One step of the request chain (DESIGN.md "The request path"). Stages are stateless between
// requests: everything a request accumulates lives in its RequestContext.
class Stage
{
public:
    virtual ~Stage() = default;
    virtual std::string_view name() const = 0;
    virtual StageResult process(RequestContext& context) = 0;
};

} // namespace tollgate::pipeline
