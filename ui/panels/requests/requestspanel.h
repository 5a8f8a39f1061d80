#pragma once

#include "store/requestlogrecord.h"
#include "telemetry/statssnapshot.h"

#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;
class QTimer;

namespace tollgate::ui {

class RequestLogModel;

// The request log, a page at a time: a table over the store, sortable by any column and filtered
// by provider, model, status and text (all in SQL, over the whole log), with previous/next and a
// page indicator, and the selected request's fields in a detail pane. Reads happen on a pool
// thread. While "Live" is on and the first page is shown, new requests appear at the top as the
// gateway's snapshots report traffic; the selected request stays selected while it is on the
// page, and its details stay shown after it scrolls off.
class RequestsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RequestsPanel(QWidget* parent = nullptr);
    ~RequestsPanel() override;

    void setDatabasePath(const QString& path);
    void refresh();
    // Re-reads the first page while traffic flows: on a snapshot with requests, and on the one
    // after (the writer commits in batches, so the last rows may land just after the snapshot).
    void onStats(const telemetry::StatsSnapshot& snapshot);

    RequestLogModel* model() const { return m_model; }
    // The request whose details are shown, if any.
    std::optional<RequestLogRecord> shownRequest() const { return m_shown; }

Q_SIGNALS:
    // After each completed read of the current view, or a failed one (for tests and status).
    void refreshed();

private:
    void onPageLoaded();
    void updateFilterChoices();
    void applyFilters();
    void updatePaging();
    void onSelectionChanged();
    void showDetail();

    RequestLogModel* m_model;
    QComboBox* m_providerFilter;
    QComboBox* m_modelFilter;
    QComboBox* m_statusFilter;
    QLineEdit* m_textFilter;
    QTimer* m_textDelay;
    QCheckBox* m_liveCheck;
    QPushButton* m_refreshButton;
    QPushButton* m_previousButton;
    QPushButton* m_nextButton;
    QLabel* m_pageLabel;
    QLabel* m_countLabel;
    QTableView* m_table;
    QTextBrowser* m_detail;
    std::optional<RequestLogRecord> m_shown;
    int m_trailingRefreshes = 0;
    bool m_firstRows = true;
};

} // namespace tollgate::ui
