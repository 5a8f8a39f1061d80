#pragma once

#include "store/requestlogrecord.h"

#include <QAbstractTableModel>

#include <vector>

namespace tollgate::ui {

// The request log as a table, newest first. Fed whole reads of the store (setRecords); rows the
// model already shows keep their place, so a refresh that brings new requests inserts them at
// the top instead of resetting the view. Lives on the UI thread.
class RequestLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        Time,
        Provider,
        Model,
        Status,
        Latency,
        Tokens,
        Cost,
        Endpoint,
        RequestId,
        ColumnCount
    };
    enum Role
    {
        RequestIdRole = Qt::UserRole, // QString
        ProviderRole,                 // QString, empty when the gateway answered itself
        ModelRole,                    // QString: the model used, else the one requested
        StatusRole,                   // int HTTP status, 0 if the client left first
        SortRole,                     // a value that sorts the column naturally (numbers as numbers)
        SearchTextRole,               // every text field of the row, for free-text filtering
    };

    explicit RequestLogModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // records: newest first, as readRequestLog returns them.
    void setRecords(std::vector<RequestLogRecord> records);
    const RequestLogRecord* recordAt(int row) const;

private:
    std::vector<RequestLogRecord> m_records;
};

} // namespace tollgate::ui
