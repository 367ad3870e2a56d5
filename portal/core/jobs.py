from ..jobs import job
from ..mail import send_pending


@job("mail.send", "interval", seconds=30, description="Send queued mail, retrying failures")
def send_mail():
    return send_pending()
