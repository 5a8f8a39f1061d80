#include "http/socketwatcher.h"

#include <QEvent>

namespace tollgate::http {

SocketWatcher::SocketWatcher(qintptr socket, Type type, bool enabled, Callback callback, void* context,
                             QObject* parent)
    : QSocketNotifier(type, parent), m_callback(callback), m_context(context)
{
    setSocket(socket); // a notifier made without a socket starts disabled
    if (enabled)
        setEnabled(true);
}

bool SocketWatcher::event(QEvent* e)
{
    if (e->type() == QEvent::SockAct || e->type() == QEvent::SockClose) {
        fire();
        return true;
    }
    return QSocketNotifier::event(e);
}

} // namespace tollgate::http
