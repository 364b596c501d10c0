from django import forms
from django.utils.translation import gettext_lazy as _

from officereports.reports import upload, vietnamese


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Tệp mẫu đã điền (.xlsx)"),
        help_text=_("Tải mẫu của báo cáo này về, điền số liệu rồi tải lên tại đây."),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        # Refused before reading a byte of it: nothing near this size is a template.
        if file.size > upload.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("Tệp lớn hơn giới hạn %(limit)s MB; mẫu nhập số liệu chỉ vài chục KB.")
                % {"limit": vietnamese.number(upload.MAX_UPLOAD_BYTES // 1024 // 1024)}
            )
        return file
