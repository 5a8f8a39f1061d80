#include "widgets/uiprobe.h"

#include "gateway/gateway.h"
#include "panels/dashboard/dashboardpanel.h"

#include <QDateTime>
#include <QTimer>
#include <QWidget>

namespace tollgate::ui {

namespace {
constexpr int TickMs = 100;
}

UiProbe* UiProbe::fromEnvironment(Gateway* gateway, QWidget* window)
{
    const QString path = qEnvironmentVariable("TOLLGATE_UI_PROBE");
    if (path.isEmpty() || !gateway || !window)
        return nullptr;
    auto* probe = new UiProbe(path, window);
    if (!probe->m_file.isOpen()) {
        qWarning("TOLLGATE_UI_PROBE: cannot open %s: %s", qPrintable(path), qPrintable(probe->m_file.errorString()));
        delete probe;
        return nullptr;
    }
    connect(gateway, &Gateway::statsUpdated, probe, &UiProbe::onSnapshot);
    return probe;
}

UiProbe::UiProbe(const QString& path, QWidget* window)
    : QObject(window), m_file(path), m_window(window), m_timer(new QTimer(this))
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
        return;
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(TickMs);
    connect(m_timer, &QTimer::timeout, this, &UiProbe::onTick);
    m_timer->start();
    m_sinceTick.start();
}

void UiProbe::onTick()
{
    const qint64 elapsed = m_sinceTick.restart();
    m_lagsMs.push_back(int(qMax<qint64>(0, elapsed - TickMs)));
}

void UiProbe::onSnapshot(const telemetry::StatsSnapshot& snapshot)
{
    // The dashboard is looked up each time: a change of language rebuilds the panels.
    const auto* dashboard = m_window->findChild<DashboardPanel*>();
    const qint64 shown = dashboard ? dashboard->today().requests() : -1;
    QByteArray line = QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + ' '
                      + QByteArray::number(qint64(snapshot.totalRequests())) + ' ' + QByteArray::number(shown) + ' ';
    for (size_t i = 0; i < m_lagsMs.size(); ++i) {
        if (i > 0)
            line += ',';
        line += QByteArray::number(m_lagsMs[i]);
    }
    if (m_lagsMs.empty())
        line += '-';
    line += '\n';
    m_lagsMs.clear();
    m_file.write(line);
    m_file.flush();
}

} // namespace tollgate::ui
