"""Logging in and out, and changing one's password, in Vietnamese."""

from django.urls import reverse

from tests.conftest import PASSWORD


def test_the_password_change_page_is_in_vietnamese(client, staff):
    client.force_login(staff)
    response = client.get(reverse("password_change"))
    assert "<h1>Đổi mật khẩu</h1>" in response.text
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Hue-2022-bao-cao", "new_password2": "khac"},
    )
    assert response.context["form"].errors["new_password2"] == [
        "Hai trường mật khẩu không giống nhau."
    ]
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Hue-2022-bao-cao",
            "new_password2": "Hue-2022-bao-cao",
        },
        follow=True,
    )
    assert "<h1>Đã đổi mật khẩu</h1>" in response.text
    staff.refresh_from_db()
    assert staff.check_password("Hue-2022-bao-cao")


def test_logging_out_is_a_post_and_leads_to_the_login_page(client, staff):
    client.force_login(staff)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert client.get(reverse("reports:index")).status_code == 302


def test_a_wrong_password_is_answered_in_vietnamese(client, staff):
    response = client.post(reverse("login"), {"username": "staff", "password": "sai"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác. Chú ý rằng cả hai khung thông "
        "tin đều phân biệt chữ hoa và chữ thường."
    ]
