// Save dialogs that give a name typed without an extension the format's one before the dialog
// asks about overwriting: Qt's own dialog (Linux) would otherwise keep "anna" as typed, and a
// portrait saved so opens nowhere.
#pragma once

#include <QString>

class QWidget;

namespace hl {
namespace ui {

// The chosen path, "" when cancelled. `suffix` without the dot ("png").
QString saveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                     const QString& filter, const QString& suffix);

}  // namespace ui
}  // namespace hl
