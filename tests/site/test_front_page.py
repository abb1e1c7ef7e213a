def test_front_page_says_what_the_platform_is_for_in_swedish(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="sv">' in html
    assert "lokalsamhälle" in html
