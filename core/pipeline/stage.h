#pragma once

#include "api/apierror.h"
#include "http/httptypes.h"

#include <QString>

#include <optional>
#include <string_view>

namespace tollgate::pipeline {

class RequestContext;

// What a stage decided. Stopping carries the answer and the reason: the reason is data (it goes
// to the request log and, later, the ledger), not a log line.
class StageResult
{
public:
    enum class Verdict { Continue, Stop, Pending };

    static StageResult proceed() { return StageResult(Verdict::Continue); }
    static StageResult stop(api::ApiError error, QString reason)
    {
        StageResult r(Verdict::Stop);
        r.m_error = std::move(error);
        r.m_reason = std::move(reason);
        return r;
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
    std::optional<api::ApiError>& error() { return m_error; }
    std::optional<http::HttpResponse>& response() { return m_response; }

private:
    explicit StageResult(Verdict v) : m_verdict(v) {}
    Verdict m_verdict;
    QString m_reason;
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
