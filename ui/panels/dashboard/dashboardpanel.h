#pragma once

#include "models/dailytotals.h"
#include "panels/dashboard/dashboardhistory.h"
#include "telemetry/statssnapshot.h"

#include <QColor>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPointF>
#include <QWidget>

class QAreaSeries;
class QChart;
class QChartView;
class QComboBox;
class QDateTimeAxis;
class QLabel;
class QLineSeries;
class QPieSeries;
class QValueAxis;
class QXYSeries;

namespace tollgate::ui {

// Live charts of the gateway's traffic, drawn from the StatsSnapshots it publishes about once a
// second (never one update per request): KPI tiles for today, requests per second stacked by
// provider, latency p50/p95 per provider, and the error rate, over 15 min, 1 h or 24 h. Charts
// are redrawn only when the shown window gains a point, from a history kept at three
// resolutions. Every QChart of the application lives in this folder.
class DashboardPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPanel(QWidget* parent = nullptr);
    ~DashboardPanel() override;

    void addSnapshot(const telemetry::StatsSnapshot& snapshot);
    void setWindow(DashboardHistory::Window window);
    DashboardHistory::Window window() const { return m_window; }

    const DashboardHistory& history() const { return m_history; }
    const DailyTotals& today() const { return m_today; }
    // The points a series shows now, by its objectName: "requests:<provider>" (stacked upper
    // edge, requests/s), "p50:<provider>" and "p95:<provider>" (ms), "errorRate" (percent).
    // "cost:<currency>" (spend per bucket, in units of the currency). The gateway's own answers
    // use the provider name "". Empty for an unknown name.
    QList<QPointF> seriesPoints(const QString& name) const;
    // Requests per provider over the shown window, as the share chart draws them.
    QMap<QString, double> providerShare() const;
    QStringList seriesNames() const;

private:
    struct ProviderSeries
    {
        QLineSeries* upper = nullptr;
        QLineSeries* lower = nullptr;
        QAreaSeries* area = nullptr;
        QLineSeries* p50 = nullptr;
        QLineSeries* p95 = nullptr;
        QColor color;
    };

    QChartView* makeChartView(const QString& objectName, const QString& title, QChart** chart,
                              QDateTimeAxis** x, QValueAxis** y, const QString& yTitle);
    QWidget* makeTile(const QString& objectName, const QString& title, QLabel** value);
    ProviderSeries& seriesFor(const QString& provider);
    QLineSeries* costSeriesFor(const QString& currency);
    QColor colorFor(const QString& provider) const;
    QString displayName(const QString& provider) const;
    void redraw();
    void updateTiles();

    DashboardHistory m_history;
    DailyTotals m_today;
    DashboardHistory::Window m_window = DashboardHistory::FifteenMinutes;
    int m_drawnCompleted = -1; // completed points of the shown window at the last redraw

    QComboBox* m_windowSelector;
    QLabel* m_requestsValue = nullptr;
    QLabel* m_errorsValue = nullptr;
    QLabel* m_tokensValue = nullptr;
    QLabel* m_spendValue = nullptr;

    QChart* m_requestsChart = nullptr;
    QChart* m_latencyChart = nullptr;
    QChart* m_errorChart = nullptr;
    QDateTimeAxis* m_requestsX = nullptr;
    QDateTimeAxis* m_latencyX = nullptr;
    QDateTimeAxis* m_errorX = nullptr;
    QValueAxis* m_requestsY = nullptr;
    QValueAxis* m_latencyY = nullptr;
    QValueAxis* m_errorY = nullptr;
    QChart* m_costChart = nullptr;
    QDateTimeAxis* m_costX = nullptr;
    QValueAxis* m_costY = nullptr;
    QChart* m_shareChart = nullptr;
    QPieSeries* m_share = nullptr;
    QLineSeries* m_errorSeries = nullptr;
    QHash<QString, QLineSeries*> m_costSeries; // by currency
    QHash<QString, ProviderSeries> m_providerSeries;
    QHash<QString, QXYSeries*> m_seriesByName;
};

} // namespace tollgate::ui
