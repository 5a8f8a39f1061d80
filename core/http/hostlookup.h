#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <sys/socket.h>

class QObject;

namespace tollgate::http {

struct HostLookupResult
{
    std::vector<sockaddr_storage> addresses; // in the resolver's order, with the port set
    std::string error;                       // why there are none
};

// Host name lookups with getaddrinfo() on a small pool of threads of their own: the call blocks,
// and a slow or dead resolver must hold up neither an event loop nor Qt's global pool. Every
// lookup asks the system's resolver afresh; how long an answer holds is the caller's choice.
// (QHostInfo keeps each answer for 60 s and cannot be told that its addresses stopped answering.)
//
// Results are delivered on the receiver's thread. Once this object is destroyed (on that thread),
// no callback runs, including those of lookups still in progress.
class HostLookups
{
public:
    explicit HostLookups(QObject* receiver);
    ~HostLookups();
    HostLookups(const HostLookups&) = delete;
    HostLookups& operator=(const HostLookups&) = delete;

    void lookup(const std::string& host, int port, std::function<void(HostLookupResult)> done);

private:
    struct Mailbox;
    std::shared_ptr<Mailbox> m_mailbox;
};

// An IPv4 or IPv6 literal (without brackets) as a socket address with `port`; false for anything
// else, e.g. a host name.
bool literalAddress(const std::string& host, int port, sockaddr_storage& out);

// Tests: answers every lookup instead of the system's resolver, with IP literals in order (none:
// the name does not resolve). An empty function restores the system's resolver. Thread-safe.
using HostResolverForTesting = std::function<std::vector<std::string>(const std::string& host)>;
void setHostResolverForTesting(HostResolverForTesting resolver);

} // namespace tollgate::http
