def test_landing_page_offers_sign_in_and_registration(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"Register as a parent or carer" in response.content
