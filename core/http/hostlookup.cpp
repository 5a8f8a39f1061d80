#include "http/hostlookup.h"

#include <QMetaObject>
#include <QObject>
#include <QThreadPool>

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <mutex>
#include <netdb.h>
#include <netinet/in.h>

namespace tollgate::http {

namespace {

std::mutex g_testResolverMutex;
HostResolverForTesting g_testResolver;

// Sets the port of an IPv4 or IPv6 address.
void setPort(sockaddr_storage& address, int port)
{
    const auto network = htons(static_cast<std::uint16_t>(port));
    if (address.ss_family == AF_INET)
        reinterpret_cast<sockaddr_in*>(&address)->sin_port = network;
    else
        reinterpret_cast<sockaddr_in6*>(&address)->sin6_port = network;
}

QThreadPool& lookupPool()
{
    // Lives as long as the process: a lookup stuck in the resolver must not hold up an exit.
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool;
        p->setMaxThreadCount(4);
        p->setExpiryTimeout(30'000);
        return p;
    }();
    return *pool;
}

HostLookupResult resolve(const std::string& host, int port)
{
    HostLookupResult result;
    HostResolverForTesting testResolver;
    {
        std::lock_guard lock(g_testResolverMutex);
        testResolver = g_testResolver;
    }
    if (testResolver) {
        for (const std::string& ip : testResolver(host)) {
            sockaddr_storage address;
            if (literalAddress(ip, port, address))
                result.addresses.push_back(address);
        }
        if (result.addresses.empty())
            result.error = "could not resolve the upstream host";
        return result;
    }

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_ADDRCONFIG; // no IPv6 answers on a machine without IPv6, and the other way round
    addrinfo* list = nullptr;
    int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
    if (rc == EAI_BADFLAGS) {
        hints.ai_flags = 0;
        rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
    }
    if (rc != 0) {
        result.error = std::string("could not resolve the upstream host: ") + ::gai_strerror(rc);
        return result;
    }
    for (const addrinfo* a = list; a; a = a->ai_next) {
        if (a->ai_family != AF_INET && a->ai_family != AF_INET6)
            continue;
        sockaddr_storage address{};
        std::memcpy(&address, a->ai_addr, std::min<std::size_t>(a->ai_addrlen, sizeof address));
        setPort(address, port);
        // getaddrinfo() lists an address once per protocol it knows; SOCK_STREAM keeps it to one,
        // but a resolver may still repeat one.
        const bool seen =
            std::any_of(result.addresses.begin(), result.addresses.end(), [&](const sockaddr_storage& s) {
                return std::memcmp(&s, &address, sizeof address) == 0;
            });
        if (!seen)
            result.addresses.push_back(address);
    }
    ::freeaddrinfo(list);
    if (result.addresses.empty())
        result.error = "could not resolve the upstream host: no IPv4 or IPv6 address";
    return result;
}

} // namespace

bool literalAddress(const std::string& host, int port, sockaddr_storage& out)
{
    std::memset(&out, 0, sizeof out);
    auto* v4 = reinterpret_cast<sockaddr_in*>(&out);
    auto* v6 = reinterpret_cast<sockaddr_in6*>(&out);
    if (::inet_pton(AF_INET, host.c_str(), &v4->sin_addr) == 1)
        out.ss_family = AF_INET;
    else if (::inet_pton(AF_INET6, host.c_str(), &v6->sin6_addr) == 1)
        out.ss_family = AF_INET6;
    else
        return false;
    setPort(out, port);
    return true;
}

struct HostLookups::Mailbox
{
    std::mutex mutex;
    QObject* receiver; // null once the owner is gone
};

HostLookups::HostLookups(QObject* receiver) : m_mailbox(std::make_shared<Mailbox>())
{
    m_mailbox->receiver = receiver;
}

HostLookups::~HostLookups()
{
    std::lock_guard lock(m_mailbox->mutex);
    m_mailbox->receiver = nullptr;
}

void HostLookups::lookup(const std::string& host, int port, std::function<void(HostLookupResult)> done)
{
    lookupPool().start([mailbox = m_mailbox, host, port, done = std::move(done)]() mutable {
        HostLookupResult result = resolve(host, port);
        // Posted under the lock: the receiver cannot be destroyed in between, and an event posted
        // to it is dropped if it is destroyed before the event runs.
        std::lock_guard lock(mailbox->mutex);
        if (!mailbox->receiver)
            return;
        QMetaObject::invokeMethod(
            mailbox->receiver,
            [mailbox, done = std::move(done), result = std::move(result)]() mutable {
                if (mailbox->receiver) // the owner may have gone while the event was queued
                    done(std::move(result));
            },
            Qt::QueuedConnection);
    });
}

void setHostResolverForTesting(HostResolverForTesting resolver)
{
    std::lock_guard lock(g_testResolverMutex);
    g_testResolver = std::move(resolver);
}

} // namespace tollgate::http
