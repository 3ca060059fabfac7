#include "ui/seed_box.h"

#include <QLineEdit>
#include <limits>

namespace hl::ui {

SeedBox::SeedBox(QWidget* parent) : QAbstractSpinBox(parent) {
  lineEdit()->setText("0");
  connect(this, &QAbstractSpinBox::editingFinished, this, &SeedBox::commitText);
}

void SeedBox::setValue(quint64 v) {
  const bool changed = v != value_;
  value_ = v;
  lineEdit()->setText(QString::number(v));
  if (changed) emit valueChanged(v);
}

void SeedBox::stepBy(int steps) {
  commitText();
  const quint64 max = std::numeric_limits<quint64>::max();
  if (steps > 0)
    setValue(max - value_ < quint64(steps) ? max : value_ + quint64(steps));
  else
    setValue(value_ < quint64(-qint64(steps)) ? 0 : value_ - quint64(-qint64(steps)));
  selectAll();
}

QValidator::State SeedBox::validate(QString& input, int&) const {
  if (input.isEmpty()) return QValidator::Intermediate;
  for (const QChar c : input)
    if (!c.isDigit()) return QValidator::Invalid;
  bool ok = false;
  input.toULongLong(&ok);
  return ok ? QValidator::Acceptable : QValidator::Invalid;  // beyond 2^64 - 1
}

void SeedBox::fixup(QString& input) const {
  input = QString::number(value_);
}

QAbstractSpinBox::StepEnabled SeedBox::stepEnabled() const {
  StepEnabled e;
  if (value_ > 0) e |= StepDownEnabled;
  if (value_ < std::numeric_limits<quint64>::max()) e |= StepUpEnabled;
  return e;
}

void SeedBox::commitText() {
  bool ok = false;
  const quint64 v = lineEdit()->text().toULongLong(&ok);
  if (ok)
    setValue(v);
  else
    lineEdit()->setText(QString::number(value_));
}

}  // namespace hl::ui
