#pragma once

#include "models/dailytotals.h"
#include "models/spendseries.h"
#include "panels/dashboard/dashboardhistory.h"
#include "telemetry/statssnapshot.h"

#include <QColor>
#include <QHash>
#include <QList>
#include <QMap>
#include <QPointF>
#include <QWidget>

#include <memory>

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

namespace tollgate::budget {
class BudgetService;
class ExchangeRates;
} // namespace tollgate::budget

namespace tollgate::ui {

// Live charts of the gateway's traffic, drawn from the StatsSnapshots it publishes about once a
// second (never one update per request): KPI tiles for today, requests per second stacked by
// provider, latency p50/p95 per provider, and the error rate, over 15 min, 1 h or 24 h. Charts
// are redrawn only when the shown window gains a point, from a history kept at three
// resolutions. Every QChart of the application lives in this folder.
//
// Money: with a display currency set, the cost chart and the spend tile show one amount converted
// with the gateway's dated exchange rates; spend in a currency without a rate is shown apart, in
// its own currency and marked as such (never counted 1:1). Without one, each currency keeps its
// own line. With the running gateway's BudgetService the panel also charts spend by team and by
// currency from the spend ledger (budget.db), read on the thread pool every few seconds.
class DashboardPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPanel(QWidget* parent = nullptr);
    ~DashboardPanel() override;

    void addSnapshot(const telemetry::StatsSnapshot& snapshot);
    // ISO 4217 code to convert spend into; empty: no conversion (one line per currency).
    void setDisplayCurrency(const QString& currency);
    QString displayCurrency() const { return m_displayCurrency; }
    // Dated exchange rates for the conversion (kept when the gateway stops, for the history).
    void setExchangeRates(std::shared_ptr<const budget::ExchangeRates> rates);
    // The running gateway's budget service (null when stopped): the source of the spend ledger
    // and of the exchange rates. Starts the team and currency charts.
    void setBudgetService(std::shared_ptr<budget::BudgetService> service);
    // How often the spend ledger is read at most (default 5000 ms); reads happen as snapshots
    // arrive, one at a time.
    void setSpendPollInterval(int ms) { m_spendPollMs = ms; }
    // Today's spend as the tile shows it, on one line ("1.23 EUR" or, converted, "1.25 USD").
    QString spendTodayText() const;
    void setWindow(DashboardHistory::Window window);
    DashboardHistory::Window window() const { return m_window; }

    const DashboardHistory& history() const { return m_history; }
    const DailyTotals& today() const { return m_today; }
    // The points a series shows now, by its objectName: "requests:<provider>" (stacked upper
    // edge, requests/s), "p50:<provider>" and "p95:<provider>" (ms), "errorRate" (percent).
    // "cost:<currency>" (spend per bucket, in units of the currency; with a display currency the
    // converted amount, and apart only the currencies without a rate), "teamSpend:<team>"
    // (cumulative over the window, display currency), "currencySpend:<currency>" (cumulative, in
    // that currency) and "currencySpend:total" (cumulative, converted). The gateway's own answers
    // use the provider name "". Empty for an unknown name.
    QList<QPointF> seriesPoints(const QString& name) const;
    // Requests per provider over the shown window, as the share chart draws them.
    QMap<QString, double> providerShare() const;
    QStringList seriesNames() const;
    // The last spend-ledger read, as charted.
    const SpendSeries& spendSeries() const { return m_spend; }

Q_SIGNALS:
    // After each read of the spend ledger has been drawn.
    void spendSeriesUpdated();

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
    void pollSpend(bool force = false);
    void drawSpendSeries();
    void updateRatesLabel();
    QLineSeries* lineFor(QHash<QString, QLineSeries*>& lines, QChart* chart, QDateTimeAxis* x, QValueAxis* y,
                         const QString& prefix, const QString& key, const QString& label);
    ConvertedSpend convertedToday() const;
    QString missingText(const QMap<QString, std::int64_t>& missing) const;

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

    QString m_displayCurrency;
    std::shared_ptr<const budget::ExchangeRates> m_rates;
    std::shared_ptr<budget::BudgetService> m_service;
    QChart* m_teamChart = nullptr;
    QDateTimeAxis* m_teamX = nullptr;
    QValueAxis* m_teamY = nullptr;
    QChart* m_currencyChart = nullptr;
    QDateTimeAxis* m_currencyX = nullptr;
    QValueAxis* m_currencyY = nullptr;
    QHash<QString, QLineSeries*> m_teamLines;
    QHash<QString, QLineSeries*> m_currencyLines;
    QLabel* m_ratesLabel = nullptr;
    SpendSeries m_spend;
    std::int64_t m_spendFromMs = 0;
    int m_spendPollMs = 5000;
    std::int64_t m_lastPollMs = 0; // monotonic-ish: QDateTime ms of the last read's start
    bool m_polling = false;
    quint64 m_spendGeneration = 0;
};

} // namespace tollgate::ui
