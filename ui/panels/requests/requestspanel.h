#pragma once

#include "store/requestlogrecord.h"
#include "telemetry/statssnapshot.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;

namespace tollgate::ui {

class RequestFilterProxy;
class RequestLogModel;
class RequestLogReader;

// Recent requests from the store: a sortable table filtered by provider, model, status and text,
// and the selected row's fields in a detail pane. Reads happen on a pool thread; new requests
// appear when the gateway's snapshots report traffic (and on Refresh).
class RequestsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RequestsPanel(QWidget* parent = nullptr);
    ~RequestsPanel() override;

    void setDatabasePath(const QString& path);
    void refresh();
    // Re-reads the store while traffic flows: on a snapshot with requests, and on the one after
    // (the writer commits in batches, so the last rows may land just after the snapshot).
    void onStats(const telemetry::StatsSnapshot& snapshot);

    RequestLogModel* model() const { return m_model; }
    RequestFilterProxy* proxy() const { return m_proxy; }

Q_SIGNALS:
    // After each completed read (for tests and status).
    void refreshed();

private:
    void onLoaded(const std::vector<RequestLogRecord>& records);
    void updateFilterChoices();
    void applyFilters();
    void showDetail();

    RequestLogModel* m_model;
    RequestFilterProxy* m_proxy;
    RequestLogReader* m_reader;
    QComboBox* m_providerFilter;
    QComboBox* m_modelFilter;
    QComboBox* m_statusFilter;
    QLineEdit* m_textFilter;
    QPushButton* m_refreshButton;
    QLabel* m_countLabel;
    QTableView* m_table;
    QTextBrowser* m_detail;
    int m_trailingRefreshes = 0;
};

} // namespace tollgate::ui
