#include "pipeline/stages/decodestage.h"

#include "api/anthropicinbound.h"
#include "api/responsesinbound.h"
#include "pipeline/clientdialect.h"
#include "pipeline/requestcontext.h"

namespace tollgate::pipeline {
namespace {

template<typename T>
StageResult take(api::Decoded<T>&& decoded, std::optional<T>& into, RequestContext& context)
{
    if (auto* error = std::get_if<api::ApiError>(&decoded))
        return StageResult::stop(std::move(*error), QStringLiteral("decode: invalid request"));
    into.emplace(std::move(std::get<T>(decoded)));
    context.record().modelRequested = into->model;
    return StageResult::proceed();
}

} // namespace

StageResult DecodeStage::process(RequestContext& context)
{
    const QByteArray& body = context.httpRequest().body;
    switch (context.endpoint) {
    case Endpoint::ChatCompletions: {
        StageResult result = take(api::decodeChatRequest(body), context.chat, context);
        if (context.chat)
            context.record().stream = context.chat->stream;
        return result;
    }
    case Endpoint::Messages: {
        StageResult result = take(api::decodeAnthropicMessages(body), context.chat, context);
        if (context.chat)
            context.record().stream = context.chat->stream;
        return result;
    }
    case Endpoint::Responses: {
        StageResult result = take(api::decodeResponsesRequest(body), context.chat, context);
        if (context.chat) {
            context.record().stream = context.chat->stream;
            // Errors before this point are the OpenAI shape a Responses client reads too; from
            // here on the answer, stream or not, is a Response.
            const QByteArray& requestId = context.record().requestId;
            context.setClientDialect(makeResponsesDialect(
                api::responseIdFor(std::string_view(requestId.constData(), size_t(requestId.size()))),
                context.chat->model.toStdString()));
        }
        return result;
    }
    case Endpoint::Embeddings:
        return take(api::decodeEmbeddingsRequest(body), context.embeddings, context);
    default:
        return StageResult::proceed();
    }
}

} // namespace tollgate::pipeline
