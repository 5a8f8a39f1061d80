#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QtConcurrent/QtConcurrentRun>

#include <type_traits>
#include <utility>

namespace tollgate::ui {

// Runs `work` on Qt's global thread pool and then `done(result)` on `context`'s thread, unless
// `context` is destroyed first (the watcher is its child, so the callback never reaches a dead
// panel). The budget service writes budget.db before its admin calls return and the spend ledger
// is SQLite: this keeps both off the UI thread without a nested event loop. `work` must not throw
// and must own (capture by value) everything it touches; the result type must be copyable and
// default-constructible (a plain struct).
template <typename Work, typename Done> void runBudgetTask(QObject* context, Work work, Done done)
{
    using R = std::invoke_result_t<Work>;
    auto* watcher = new QFutureWatcher<R>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, done = std::move(done)]() mutable {
                         if (!watcher->isCanceled())
                             done(watcher->result());
                         watcher->deleteLater();
                     });
    watcher->setFuture(QtConcurrent::run(std::move(work)));
}

} // namespace tollgate::ui
