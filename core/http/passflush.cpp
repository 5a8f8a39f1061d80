#include "http/passflush.h"

#include <algorithm>
#include <cstddef>

namespace tollgate::http {

namespace {

thread_local int t_depth = 0;
// Requests of the current pass, in order; a withdrawn one leaves a null behind.
thread_local std::vector<PassFlush*> t_pending;

} // namespace

PassFlush::Scope::Scope(bool hold) : m_hold(hold)
{
    if (m_hold)
        ++t_depth;
}

PassFlush::Scope::~Scope()
{
    if (!m_hold)
        return;
    if (t_depth == 1)
        runPending();
    --t_depth;
}

PassFlush::~PassFlush()
{
    cancelFlush();
}

bool PassFlush::holdsWrites()
{
    return t_depth > 0;
}

void PassFlush::requestFlush()
{
    if (m_pending)
        return;
    if (t_depth == 0) {
        flushPass();
        return;
    }
    m_pending = true;
    t_pending.push_back(this);
}

void PassFlush::cancelFlush()
{
    if (!m_pending)
        return;
    m_pending = false;
    std::replace(t_pending.begin(), t_pending.end(), this, static_cast<PassFlush*>(nullptr));
}

void PassFlush::runPending()
{
    // Flushing may request more (and may withdraw or destroy others): index, never iterate.
    for (std::size_t i = 0; i < t_pending.size(); ++i) {
        PassFlush* owner = t_pending[i];
        if (!owner)
            continue;
        t_pending[i] = nullptr;
        owner->m_pending = false;
        owner->flushPass();
    }
    t_pending.clear();
}

} // namespace tollgate::http
