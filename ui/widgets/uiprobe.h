#pragma once

#include "telemetry/statssnapshot.h"

#include <QElapsedTimer>
#include <QFile>
#include <QObject>

#include <vector>

class QTimer;
class QWidget;

namespace tollgate {
class Gateway;
}

namespace tollgate::ui {

// A measuring probe for the desktop bench (bench/ui), off unless TOLLGATE_UI_PROBE=FILE is set.
// A 100 ms timer on the UI thread measures the event loop's lag (how late each tick fires); after
// each gateway snapshot has reached the window, one line is appended to FILE:
//   <wall ms> <gateway requests since start> <requests today on the dashboard> <lags in ms, comma-separated>
// Lives on the UI thread; costs ten timer ticks a second and one short write per snapshot.
class UiProbe : public QObject
{
    Q_OBJECT
public:
    // Null when the variable is not set or the file cannot be opened (the reason goes to the log).
    // Connect it after the window, so that it runs after the window has drawn the snapshot.
    static UiProbe* fromEnvironment(Gateway* gateway, QWidget* window);

private:
    UiProbe(const QString& path, QWidget* window);
    void onTick();
    void onSnapshot(const telemetry::StatsSnapshot& snapshot);

    QFile m_file;
    QWidget* m_window;
    QTimer* m_timer;
    QElapsedTimer m_sinceTick;
    std::vector<int> m_lagsMs; // since the last line
};

} // namespace tollgate::ui
