#include "ui/save_path.h"

#include <QFileDialog>

namespace hl {
namespace ui {

QString saveFileName(QWidget* parent, const QString& caption, const QString& suggested,
                     const QString& filter, const QString& suffix) {
  QFileDialog dialog(parent, caption, suggested, filter);
  dialog.setAcceptMode(QFileDialog::AcceptSave);
  dialog.setFileMode(QFileDialog::AnyFile);
  dialog.setDefaultSuffix(suffix);
  dialog.selectFile(suggested);
  if (dialog.exec() != QDialog::Accepted || dialog.selectedFiles().isEmpty()) return {};
  return dialog.selectedFiles().first();
}

}  // namespace ui
}  // namespace hl
