#pragma once

#include "common/result.h"
#include "config/gatewayconfig.h"

#include <QString>

namespace tollgate::demo {

struct DemoProviderPorts
{
    quint16 eu = 0;
    quint16 in = 0;
    quint16 us = 0;
};

// The demo's configuration: base's server section (listen address, workers, limits) with the
// three demo providers on 127.0.0.1 at the given ports and routes over them:
//   chat-default -> demo-eu/chat-small, demo-us/chat-small
//   chat-large   -> demo-us/chat-large, demo-eu/chat-large
//   chat-india   -> demo-in/chat-small, demo-eu/chat-small
//   chat-eu      -> demo-eu/chat-large, demo-eu/chat-small
// Prices are in each provider's currency: demo-eu in EUR, demo-in in INR, demo-us in USD.
// Built through ConfigLoader, so it is validated like any user's file.
Result<ConfigSnapshot> demoConfig(const ConfigSnapshot& base, const DemoProviderPorts& ports);

} // namespace tollgate::demo
