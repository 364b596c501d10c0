"""The indicator catalogue: the one place every surface reads indicators, rates and checks.

The catalogue is data (tables Indicator, RateDefinition, FigureCheck) so that an
administrator can add an indicator a province reports without a code change. BUILTIN below
is what migration 0003 writes into those tables; codes are stable and shared by forms,
imports, exports, charts and the narrative. At run time, read `load()`.
"""

from dataclasses import dataclass, field
from functools import cached_property

# fmt: off
# (code, section, Vietnamese name, English name, unit)
INDICATORS = [
    ("documents.incoming", "documents", "Văn bản đến (tiếp nhận)", "Incoming documents received", "văn bản"),
    ("documents.incoming_processed", "documents", "Văn bản đến đã xử lý", "Incoming documents processed", "văn bản"),
    ("documents.outgoing", "documents", "Văn bản đi (tham mưu ban hành, phát hành)", "Outgoing documents issued", "văn bản"),
    ("documents.outgoing_electronic", "documents", "Văn bản đi điện tử, ký số", "Outgoing documents issued electronically with digital signature", "văn bản"),
    ("documents.total", "documents", "Tổng số văn bản đến và đi", "Incoming and outgoing documents in all", "văn bản"),
    ("advisory.program_planned", "advisory", "Chương trình, đề án, báo cáo, VBQPPL trong chương trình công tác năm", "Items in the year's work programme", "nội dung"),
    ("advisory.program_passed", "advisory", "Chương trình, đề án, báo cáo, VBQPPL đã thông qua", "Work programme items passed or completed", "nội dung"),
    ("advisory.key_tasks", "advisory", "Nhiệm vụ trọng tâm trong chương trình công tác", "Key tasks in the monthly programmes", "nhiệm vụ"),
    ("advisory.key_tasks_monitored", "advisory", "Nhiệm vụ trọng tâm được đôn đốc, theo dõi", "Key tasks followed up", "nhiệm vụ"),
    ("advisory.council_submissions", "advisory", "Đề án, báo cáo trình HĐND tỉnh", "Proposals and reports submitted to the People's Council", "đề án, báo cáo"),
    ("advisory.legal_planned", "advisory", "Văn bản quy phạm pháp luật theo kế hoạch", "Legal normative documents planned", "văn bản"),
    ("advisory.legal_issued", "advisory", "Văn bản quy phạm pháp luật đã ban hành", "Legal normative documents issued", "văn bản"),
    ("advisory.gov_tasks", "advisory", "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao", "Tasks assigned by the Government / Prime Minister", "nhiệm vụ"),
    ("advisory.gov_tasks_done", "advisory", "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao đã hoàn thành", "Government tasks completed", "nhiệm vụ"),
    ("advisory.gov_tasks_on_time", "advisory", "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao hoàn thành đúng hạn", "Government tasks completed on time", "nhiệm vụ"),
    ("advisory.gov_tasks_overdue", "advisory", "Nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao quá hạn (hoàn thành quá hạn hoặc chưa hoàn thành)", "Government tasks overdue (completed late or still open)", "nhiệm vụ"),
    ("advisory.meetings", "advisory", "Cuộc họp, hội nghị phục vụ", "Meetings served", "cuộc"),
    ("advisory.meetings_online", "advisory", "Cuộc họp, hội nghị trực tuyến", "Meetings held online", "cuộc"),
    ("reception.periodic_sessions", "reception", "Buổi tiếp công dân định kỳ của Chủ tịch, Phó Chủ tịch", "Periodic reception sessions by the Chairman / Vice-chairmen", "buổi"),
    ("reception.adhoc_sessions", "reception", "Buổi tiếp công dân đột xuất", "Ad hoc reception sessions", "buổi"),
    ("reception.turns", "reception", "Lượt tiếp công dân (tổng số, mọi hình thức)", "Reception turns (all kinds)", "lượt"),
    ("reception.people", "reception", "Lượt người được tiếp (tổng số)", "Persons received (all kinds)", "lượt người"),
    ("reception.cases", "reception", "Vụ việc (tổng số)", "Distinct cases (all kinds)", "vụ việc"),
    ("reception.cases_new", "reception", "Vụ việc mới", "New cases", "vụ việc"),
    ("reception.cases_old", "reception", "Vụ việc cũ", "Cases raised before", "vụ việc"),
    ("reception.regular.turns", "reception", "Lượt tiếp công dân thường xuyên", "Regular reception turns at the reception office", "lượt"),
    ("reception.regular.people", "reception", "Lượt người được tiếp thường xuyên", "Persons received at regular reception", "lượt người"),
    ("reception.regular.cases", "reception", "Vụ việc tiếp thường xuyên", "Cases at regular reception", "vụ việc"),
    ("reception.leaders.turns", "reception", "Lượt tiếp công dân của lãnh đạo (định kỳ, đột xuất)", "Reception turns by the leaders (periodic and ad hoc)", "lượt"),
    ("reception.leaders.people", "reception", "Lượt người được lãnh đạo tiếp", "Persons received by the leaders", "lượt người"),
    ("reception.leaders.cases", "reception", "Vụ việc lãnh đạo tiếp", "Cases received by the leaders", "vụ việc"),
    ("reception.online.turns", "reception", "Lượt tiếp công dân trực tuyến", "Online reception turns", "lượt"),
    ("reception.crowd_delegations", "reception", "Đoàn đông người", "Mass delegations (5+ people)", "đoàn"),
    ("reception.delegation_people", "reception", "Lượt người trong các đoàn đông người", "Persons in mass delegations", "lượt người"),
    ("petitions.received", "petitions", "Đơn thư tiếp nhận", "Petitions received", "đơn"),
    ("petitions.eligible", "petitions", "Đơn đủ điều kiện xử lý", "Petitions eligible for handling", "đơn"),
    ("petitions.ineligible", "petitions", "Đơn không đủ điều kiện xử lý", "Petitions not eligible", "đơn"),
    ("petitions.complaints", "petitions", "Đơn khiếu nại", "Complaints", "đơn"),
    ("petitions.denunciations", "petitions", "Đơn tố cáo", "Denunciations", "đơn"),
    ("petitions.proposals", "petitions", "Đơn kiến nghị, phản ánh", "Proposals and feedback", "đơn"),
    ("petitions.guided", "petitions", "Đơn hướng dẫn", "Petitions answered with guidance", "đơn"),
    ("petitions.transferred", "petitions", "Đơn chuyển cơ quan có thẩm quyền", "Petitions transferred to the competent body", "đơn"),
    ("petitions.urged", "petitions", "Đơn đôn đốc giải quyết", "Petitions urged", "đơn"),
    ("petitions.within_competence", "petitions", "Đơn thuộc thẩm quyền", "Petitions within the body's competence", "đơn"),
    ("petitions.cases_new", "petitions", "Vụ việc thuộc thẩm quyền phát sinh mới", "Cases within competence, new", "vụ việc"),
    ("petitions.cases_carried_over", "petitions", "Vụ việc thuộc thẩm quyền kỳ trước chuyển sang", "Cases within competence carried over", "vụ việc"),
    ("petitions.cases_resolved", "petitions", "Vụ việc đã giải quyết", "Cases resolved", "vụ việc"),
    ("petitions.complaints_correct", "petitions", "Khiếu nại đúng", "Complaints found correct", "vụ việc"),
    ("petitions.complaints_partly", "petitions", "Khiếu nại có đúng, có sai", "Complaints found partly correct", "vụ việc"),
    ("petitions.complaints_wrong", "petitions", "Khiếu nại sai", "Complaints found wrong", "vụ việc"),
    ("petitions.complaints_withdrawn", "petitions", "Khiếu nại rút đơn", "Complaints withdrawn", "vụ việc"),
    ("petitions.denunciations_correct", "petitions", "Tố cáo đúng", "Denunciations found correct", "vụ việc"),
    ("petitions.denunciations_partly", "petitions", "Tố cáo có đúng, có sai", "Denunciations found partly correct", "vụ việc"),
    ("petitions.denunciations_wrong", "petitions", "Tố cáo sai", "Denunciations found wrong", "vụ việc"),
    ("petitions.denunciations_withdrawn", "petitions", "Tố cáo rút đơn", "Denunciations withdrawn", "vụ việc"),
    ("dossiers.received", "dossiers", "Hồ sơ tiếp nhận", "Administrative dossiers received", "hồ sơ"),
    ("dossiers.received_online", "dossiers", "Hồ sơ tiếp nhận trực tuyến", "Dossiers received online", "hồ sơ"),
    ("dossiers.carried_over", "dossiers", "Hồ sơ kỳ trước chuyển sang", "Dossiers carried over from the previous period", "hồ sơ"),
    ("dossiers.resolved", "dossiers", "Hồ sơ đã giải quyết", "Dossiers resolved", "hồ sơ"),
    ("dossiers.resolved_on_time_or_early", "dossiers", "Hồ sơ trả trước hạn và đúng hạn", "Dossiers returned early or on time", "hồ sơ"),
    ("dossiers.resolved_early", "dossiers", "Hồ sơ trả trước hạn", "Dossiers returned before the appointment date", "hồ sơ"),
    ("dossiers.resolved_on_time", "dossiers", "Hồ sơ trả đúng hạn", "Dossiers returned on the appointment date", "hồ sơ"),
    ("dossiers.resolved_late", "dossiers", "Hồ sơ trả quá hạn", "Dossiers returned late", "hồ sơ"),
    ("dossiers.pending", "dossiers", "Hồ sơ đang giải quyết", "Dossiers still in progress", "hồ sơ"),
    ("dossiers.pending_overdue", "dossiers", "Hồ sơ đang giải quyết đã quá hạn", "Dossiers in progress and overdue", "hồ sơ"),
    ("dossiers.returned_withdrawn", "dossiers", "Hồ sơ trả lại, rút hồ sơ", "Dossiers returned as ineligible or withdrawn", "hồ sơ"),
    ("dossiers.digitised", "dossiers", "Hồ sơ được số hóa", "Dossiers digitised", "hồ sơ"),
    ("dossiers.electronic_result", "dossiers", "Hồ sơ trả kết quả điện tử", "Dossiers with an electronic result", "hồ sơ"),
    ("dossiers.paid_online", "dossiers", "Hồ sơ thanh toán trực tuyến", "Dossiers paid online", "hồ sơ"),
]

# (code, Vietnamese name, English name, numerator, denominator, decimals, what it divides by,
#  the indicator beside which a stated percentage is entered)
RATES = [
    ("rate.program_completion", "Tỷ lệ hoàn thành chương trình công tác", "Work programme completion",
     ["advisory.program_passed"], ["advisory.program_planned"], 2,
     "số nội dung trong chương trình công tác năm", "advisory.program_passed"),
    ("rate.legal_completion", "Tỷ lệ hoàn thành xây dựng văn bản QPPL", "Legal documents completion",
     ["advisory.legal_issued"], ["advisory.legal_planned"], 2,
     "số văn bản QPPL theo kế hoạch", "advisory.legal_issued"),
    ("rate.key_tasks_monitored", "Tỷ lệ nhiệm vụ trọng tâm được đôn đốc, theo dõi", "Key tasks followed up",
     ["advisory.key_tasks_monitored"], ["advisory.key_tasks"], 0,
     "số nhiệm vụ trọng tâm", "advisory.key_tasks_monitored"),
    ("rate.petitions_eligible", "Tỷ lệ đơn đủ điều kiện xử lý", "Share of petitions eligible",
     ["petitions.eligible"], ["petitions.received"], 2,
     "số đơn thư tiếp nhận", "petitions.eligible"),
    ("rate.dossiers_resolved", "Tỷ lệ hồ sơ đã giải quyết", "Dossiers resolved",
     ["dossiers.resolved"], ["dossiers.received"], 1,
     "số hồ sơ tiếp nhận", "dossiers.resolved"),
    ("rate.dossiers_on_time", "Tỷ lệ hồ sơ trả đúng hạn", "Dossiers resolved on time",
     ["dossiers.resolved_on_time_or_early"], ["dossiers.resolved"], 1,
     "số hồ sơ đã giải quyết", "dossiers.resolved_on_time"),
    ("rate.dossiers_online", "Tỷ lệ hồ sơ trực tuyến", "Dossiers received online",
     ["dossiers.received_online"], ["dossiers.received"], 1,
     "số hồ sơ tiếp nhận", "dossiers.received_online"),
    ("rate.documents_processed", "Tỷ lệ văn bản đến đã xử lý", "Incoming documents processed",
     ["documents.incoming_processed"], ["documents.incoming"], 1,
     "số văn bản đến", "documents.incoming_processed"),
    ("rate.gov_tasks_done", "Tỷ lệ nhiệm vụ Chính phủ giao đã hoàn thành", "Government tasks completed",
     ["advisory.gov_tasks_done"], ["advisory.gov_tasks"], 1,
     "số nhiệm vụ Chính phủ, Thủ tướng Chính phủ giao", "advisory.gov_tasks_done"),
    ("rate.petitions_cases_resolved", "Tỷ lệ giải quyết vụ việc thuộc thẩm quyền", "Cases within competence resolved",
     ["petitions.cases_resolved"], ["petitions.cases_new", "petitions.cases_carried_over"], 2,
     "số vụ việc thuộc thẩm quyền (mới và kỳ trước chuyển sang)", "petitions.cases_resolved"),
    ("rate.dossiers_early", "Tỷ lệ hồ sơ trả trước hạn", "Dossiers returned early",
     ["dossiers.resolved_early"], ["dossiers.resolved"], 1,
     "số hồ sơ đã giải quyết", "dossiers.resolved_early"),
    ("rate.dossiers_late", "Tỷ lệ hồ sơ trả quá hạn", "Dossiers returned late",
     ["dossiers.resolved_late"], ["dossiers.resolved"], 1,
     "số hồ sơ đã giải quyết", "dossiers.resolved_late"),
    ("rate.dossiers_digitised", "Tỷ lệ số hóa hồ sơ", "Dossiers digitised",
     ["dossiers.digitised"], ["dossiers.received"], 1,
     "số hồ sơ tiếp nhận", "dossiers.digitised"),
    ("rate.dossiers_electronic_result", "Tỷ lệ hồ sơ trả kết quả điện tử", "Dossiers with an electronic result",
     ["dossiers.electronic_result"], ["dossiers.resolved"], 1,
     "số hồ sơ đã giải quyết", "dossiers.electronic_result"),
]

# What each rate divides by, in English (RateDefinition.basis_en), for English pages.
BASES_EN = {
    "rate.program_completion": "items in the year's work programme",
    "rate.legal_completion": "legal normative documents planned",
    "rate.key_tasks_monitored": "key tasks",
    "rate.petitions_eligible": "petitions received",
    "rate.dossiers_resolved": "dossiers received",
    "rate.dossiers_on_time": "dossiers resolved",
    "rate.dossiers_online": "dossiers received",
    "rate.documents_processed": "incoming documents received",
    "rate.gov_tasks_done": "tasks assigned by the Government / Prime Minister",
    "rate.petitions_cases_resolved": "cases within competence (new and carried over)",
    "rate.dossiers_early": "dossiers resolved",
    "rate.dossiers_late": "dossiers resolved",
    "rate.dossiers_digitised": "dossiers received",
    "rate.dossiers_electronic_result": "dossiers resolved",
}

# (code, left, operator, right, severity): sum(left) ≤ / = sum(right) (DOMAIN.md §6).
# Published data often fails the identities, hence "eq" rules are warnings only.
CHECKS = [
    ("petitions.eligible_le_received", ["petitions.eligible"], "le", ["petitions.received"], "error"),
    ("petitions.ineligible_le_received", ["petitions.ineligible"], "le", ["petitions.received"], "error"),
    ("dossiers.online_le_received", ["dossiers.received_online"], "le", ["dossiers.received"], "error"),
    ("dossiers.early_le_resolved", ["dossiers.resolved_early"], "le", ["dossiers.resolved"], "error"),
    ("dossiers.on_time_le_resolved", ["dossiers.resolved_on_time"], "le", ["dossiers.resolved"], "error"),
    ("dossiers.late_le_resolved", ["dossiers.resolved_late"], "le", ["dossiers.resolved"], "error"),
    ("dossiers.overdue_le_pending", ["dossiers.pending_overdue"], "le", ["dossiers.pending"], "error"),
    ("advisory.online_le_meetings", ["advisory.meetings_online"], "le", ["advisory.meetings"], "error"),
    ("advisory.monitored_le_key_tasks", ["advisory.key_tasks_monitored"], "le", ["advisory.key_tasks"], "error"),
    ("advisory.gov_done_le_gov_tasks", ["advisory.gov_tasks_done"], "le", ["advisory.gov_tasks"], "error"),
    ("documents.electronic_le_outgoing", ["documents.outgoing_electronic"], "le", ["documents.outgoing"], "error"),
    ("advisory.gov_on_time_le_done", ["advisory.gov_tasks_on_time"], "le", ["advisory.gov_tasks_done"], "error"),
    ("advisory.gov_overdue_le_gov_tasks", ["advisory.gov_tasks_overdue"], "le", ["advisory.gov_tasks"], "error"),
    ("reception.regular_le_turns", ["reception.regular.turns"], "le", ["reception.turns"], "error"),
    ("reception.leaders_le_turns", ["reception.leaders.turns"], "le", ["reception.turns"], "error"),
    ("reception.online_le_turns", ["reception.online.turns"], "le", ["reception.turns"], "error"),
    ("petitions.cases_resolved_le_cases", ["petitions.cases_resolved"], "le", ["petitions.cases_new", "petitions.cases_carried_over"], "error"),
    ("dossiers.on_time_or_early_le_resolved", ["dossiers.resolved_on_time_or_early"], "le", ["dossiers.resolved"], "error"),
    ("dossiers.electronic_result_le_resolved", ["dossiers.electronic_result"], "le", ["dossiers.resolved"], "error"),
    ("petitions.parts_eq_received", ["petitions.eligible", "petitions.ineligible"], "eq", ["petitions.received"], "warning"),
    ("dossiers.parts_eq_resolved", ["dossiers.resolved_early", "dossiers.resolved_on_time", "dossiers.resolved_late"], "eq", ["dossiers.resolved"], "warning"),
    ("advisory.passed_le_planned", ["advisory.program_passed"], "le", ["advisory.program_planned"], "warning"),
    ("advisory.legal_issued_le_planned", ["advisory.legal_issued"], "le", ["advisory.legal_planned"], "warning"),
    ("documents.total_eq_parts", ["documents.incoming", "documents.outgoing"], "eq", ["documents.total"], "warning"),
    ("reception.kinds_eq_turns", ["reception.regular.turns", "reception.leaders.turns", "reception.online.turns"], "eq", ["reception.turns"], "warning"),
    ("reception.new_old_eq_cases", ["reception.cases_new", "reception.cases_old"], "eq", ["reception.cases"], "warning"),
    ("petitions.kinds_eq_eligible", ["petitions.complaints", "petitions.denunciations", "petitions.proposals"], "eq", ["petitions.eligible"], "warning"),
    ("petitions.handling_eq_eligible", ["petitions.guided", "petitions.transferred", "petitions.urged", "petitions.within_competence"], "eq", ["petitions.eligible"], "warning"),
    ("petitions.outcomes_le_resolved", ["petitions.complaints_correct", "petitions.complaints_partly", "petitions.complaints_wrong", "petitions.complaints_withdrawn", "petitions.denunciations_correct", "petitions.denunciations_partly", "petitions.denunciations_wrong", "petitions.denunciations_withdrawn"], "le", ["petitions.cases_resolved"], "warning"),
    ("dossiers.early_on_time_eq_both", ["dossiers.resolved_early", "dossiers.resolved_on_time"], "eq", ["dossiers.resolved_on_time_or_early"], "warning"),
    ("dossiers.digitised_le_received", ["dossiers.digitised"], "le", ["dossiers.received"], "warning"),
    ("dossiers.paid_online_le_received", ["dossiers.paid_online"], "le", ["dossiers.received"], "warning"),
    ("dossiers.resolved_le_available", ["dossiers.resolved"], "le", ["dossiers.received", "dossiers.carried_over"], "warning"),
]

# fmt: on

# How the article words each indicator (Indicator.verb, Indicator.noun): "{verb} {count}
# {noun}" under the section's subject, e.g. "số hóa 12.000 hồ sơ". The article writes most
# built-in indicators in sentences of their own; an indicator an administrator adds is written
# from these two fields, as naturally as a built-in one.
WORDING = {
    "documents.incoming": ("tiếp nhận", "văn bản đến"),
    "documents.incoming_processed": ("xử lý", "văn bản đến"),
    "documents.outgoing": ("tham mưu ban hành", "văn bản đi"),
    "documents.outgoing_electronic": ("ký số, phát hành điện tử", "văn bản đi"),
    "documents.total": ("tiếp nhận, xử lý", "văn bản đến và đi"),
    "advisory.program_planned": ("theo dõi", "nội dung trong chương trình công tác"),
    "advisory.program_passed": ("tham mưu thông qua", "nội dung trong chương trình công tác"),
    "advisory.key_tasks": ("theo dõi", "nhiệm vụ trọng tâm"),
    "advisory.key_tasks_monitored": ("đôn đốc, theo dõi", "nhiệm vụ trọng tâm"),
    "advisory.council_submissions": ("giúp UBND trình HĐND", "đề án, báo cáo"),
    "advisory.legal_planned": (
        "theo dõi việc xây dựng",
        "văn bản quy phạm pháp luật theo kế hoạch",
    ),
    "advisory.legal_issued": ("hoàn thành xây dựng", "văn bản quy phạm pháp luật"),
    "advisory.gov_tasks": (
        "tham mưu thực hiện",
        "nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao",
    ),
    "advisory.gov_tasks_done": ("hoàn thành", "nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao"),
    "advisory.gov_tasks_on_time": (
        "hoàn thành đúng hạn",
        "nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao",
    ),
    "advisory.gov_tasks_overdue": (
        "còn",
        "nhiệm vụ được Chính phủ, Thủ tướng Chính phủ giao quá hạn",
    ),
    "advisory.meetings": ("phục vụ", "cuộc họp, hội nghị"),
    "advisory.meetings_online": ("phục vụ", "cuộc họp trực tuyến"),
    "reception.periodic_sessions": ("phục vụ", "buổi tiếp công dân định kỳ"),
    "reception.adhoc_sessions": ("phục vụ", "buổi tiếp công dân đột xuất"),
    "reception.turns": ("tiếp", "lượt công dân"),
    "reception.people": ("tiếp", "lượt người"),
    "reception.cases": ("tiếp nhận", "vụ việc"),
    "reception.cases_new": ("tiếp nhận", "vụ việc mới"),
    "reception.cases_old": ("tiếp nhận", "vụ việc cũ"),
    "reception.regular.turns": ("tiếp thường xuyên", "lượt công dân"),
    "reception.regular.people": ("tiếp thường xuyên", "lượt người"),
    "reception.regular.cases": ("tiếp nhận tại nơi tiếp công dân", "vụ việc"),
    "reception.leaders.turns": ("phục vụ lãnh đạo tiếp", "lượt công dân"),
    "reception.leaders.people": ("phục vụ lãnh đạo tiếp", "lượt người"),
    "reception.leaders.cases": ("phục vụ lãnh đạo tiếp nhận", "vụ việc"),
    "reception.online.turns": ("tiếp trực tuyến", "lượt công dân"),
    "reception.crowd_delegations": ("tiếp", "đoàn đông người"),
    "reception.delegation_people": ("tiếp", "lượt người trong các đoàn đông người"),
    "petitions.received": ("tiếp nhận", "đơn thư"),
    "petitions.eligible": ("xác định", "đơn đủ điều kiện xử lý"),
    "petitions.ineligible": ("xác định", "đơn không đủ điều kiện xử lý"),
    "petitions.complaints": ("phân loại", "đơn khiếu nại"),
    "petitions.denunciations": ("phân loại", "đơn tố cáo"),
    "petitions.proposals": ("phân loại", "đơn kiến nghị, phản ánh"),
    "petitions.guided": ("hướng dẫn", "đơn"),
    "petitions.transferred": ("chuyển", "đơn đến cơ quan có thẩm quyền"),
    "petitions.urged": ("đôn đốc giải quyết", "đơn"),
    "petitions.within_competence": ("thụ lý", "đơn thuộc thẩm quyền"),
    "petitions.cases_new": ("thụ lý", "vụ việc mới"),
    "petitions.cases_carried_over": ("tiếp tục giải quyết", "vụ việc kỳ trước chuyển sang"),
    "petitions.cases_resolved": ("giải quyết", "vụ việc"),
    "petitions.complaints_correct": ("kết luận đúng", "vụ khiếu nại"),
    "petitions.complaints_partly": ("kết luận có đúng, có sai", "vụ khiếu nại"),
    "petitions.complaints_wrong": ("kết luận sai", "vụ khiếu nại"),
    "petitions.complaints_withdrawn": ("đình chỉ do rút đơn", "vụ khiếu nại"),
    "petitions.denunciations_correct": ("kết luận đúng", "vụ tố cáo"),
    "petitions.denunciations_partly": ("kết luận có đúng, có sai", "vụ tố cáo"),
    "petitions.denunciations_wrong": ("kết luận sai", "vụ tố cáo"),
    "petitions.denunciations_withdrawn": ("đình chỉ do rút đơn", "vụ tố cáo"),
    "dossiers.received": ("tiếp nhận", "hồ sơ thủ tục hành chính"),
    "dossiers.received_online": ("tiếp nhận trực tuyến", "hồ sơ"),
    "dossiers.carried_over": ("tiếp tục giải quyết", "hồ sơ kỳ trước chuyển sang"),
    "dossiers.resolved": ("giải quyết", "hồ sơ"),
    "dossiers.resolved_on_time_or_early": ("trả kết quả trước và đúng hạn", "hồ sơ"),
    "dossiers.resolved_early": ("trả kết quả trước hạn", "hồ sơ"),
    "dossiers.resolved_on_time": ("trả kết quả đúng hạn", "hồ sơ"),
    "dossiers.resolved_late": ("trả kết quả quá hạn", "hồ sơ"),
    "dossiers.pending": ("đang giải quyết", "hồ sơ"),
    "dossiers.pending_overdue": ("còn", "hồ sơ đang giải quyết đã quá hạn"),
    "dossiers.returned_withdrawn": ("trả lại hoặc nhận rút", "hồ sơ"),
    "dossiers.digitised": ("số hóa", "hồ sơ"),
    "dossiers.electronic_result": ("trả kết quả điện tử", "hồ sơ"),
    "dossiers.paid_online": ("thu phí, lệ phí trực tuyến", "hồ sơ"),
}

# The core figures of each section (Indicator.required): a report is submitted only when each
# is filled or marked "không phát sinh" with a reason. Documents in and out (together the
# headline "xử lý trên 95.000 văn bản", DOMAIN.md §4a), the work programme and its result
# (the key result of the advisory section, "159/206 … đạt 77,18%", §8), the periodic reception
# sessions of the Chairman and Vice-chairmen (held every month by law), petitions received,
# dossiers received and resolved.
REQUIRED = frozenset(
    {
        "documents.incoming",
        "documents.outgoing",
        "advisory.program_planned",
        "advisory.program_passed",
        "reception.periodic_sessions",
        "petitions.received",
        "dossiers.received",
        "dossiers.resolved",
    }
)

# How each indicator adds up over the parts of a year (Indicator.aggregation, DOMAIN.md §2a):
# flows (received, resolved, issued, held…) are summed; a stock at the cut-off (dossiers
# still in progress, of which overdue) is the last part's; the dossiers carried over from the
# previous period are the first part's. The year's plans (work programme, legal documents
# planned) are the plan as last stated, not a sum of the months'. Every other indicator is a
# flow.
SUM = "sum"
LAST = "last"
FIRST = "first"
AGGREGATION = {
    "advisory.program_planned": LAST,
    "advisory.legal_planned": LAST,
    "dossiers.carried_over": FIRST,
    "petitions.cases_carried_over": FIRST,
    "dossiers.pending": LAST,
    "dossiers.pending_overdue": LAST,
}


def aggregation(code) -> str:
    """How the built-in indicator `code` adds up over the parts of a year."""
    return AGGREGATION.get(code, SUM)


# Rates whose numerator is a part of the denominator (RateDefinition.is_share): a stated
# percentage above 100 is an error. Not the plan rates (a plan can be exceeded), nor dossiers
# resolved over received (carried-over dossiers are resolved too), nor incoming documents
# processed (documents of the previous period are processed too).
SHARES = frozenset(
    {
        "rate.key_tasks_monitored",
        "rate.petitions_eligible",
        "rate.dossiers_on_time",
        "rate.dossiers_online",
        "rate.gov_tasks_done",
        "rate.petitions_cases_resolved",
        "rate.dossiers_early",
        "rate.dossiers_late",
        "rate.dossiers_electronic_result",
    }
)

# Rates of a result against its plan: above 100% the article says "vượt kế hoạch".
PLAN_RATES = frozenset({"rate.program_completion", "rate.legal_completion"})


def sync(Indicator, RateDefinition, FigureCheck):
    """Write the built-in catalogue into the tables (used by migrations; idempotent).

    Takes the model classes so that a migration can pass its historical models.
    """
    # Migration 0003 passes models from before the flags existed (0008 sets them).
    has_required = any(f.name == "required" for f in Indicator._meta.get_fields())
    has_share = any(f.name == "is_share" for f in RateDefinition._meta.get_fields())
    has_basis_en = any(f.name == "basis_en" for f in RateDefinition._meta.get_fields())
    has_aggregation = any(f.name == "aggregation" for f in Indicator._meta.get_fields())
    has_wording = any(f.name == "verb" for f in Indicator._meta.get_fields())
    by_code = {}
    for position, (code, section, name, name_en, unit) in enumerate(INDICATORS, start=1):
        defaults = {
            "section": section,
            "name": name,
            "name_en": name_en,
            "unit": unit,
            "position": position * 10,
        }
        if has_required:
            defaults["required"] = code in REQUIRED
        if has_aggregation:
            defaults["aggregation"] = aggregation(code)
        if has_wording:
            defaults["verb"], defaults["noun"] = WORDING[code]
        by_code[code], _ = Indicator.objects.update_or_create(code=code, defaults=defaults)
    for position, (code, name, name_en, num, den, decimals, basis, stated_on) in enumerate(
        RATES, 1
    ):
        RateDefinition.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "numerator": num,
                "denominator": den,
                "decimals": decimals,
                "basis": basis,
                "stated_on": by_code[stated_on],
                "position": position * 10,
                **({"is_share": code in SHARES} if has_share else {}),
                **({"basis_en": BASES_EN[code]} if has_basis_en else {}),
            },
        )
    for code, left, operator, right, severity in CHECKS:
        FigureCheck.objects.update_or_create(
            code=code,
            defaults={"left": left, "operator": operator, "right": right, "severity": severity},
        )


@dataclass
class Catalog:
    """The catalogue as read from the database for one request (three queries)."""

    indicators: dict = field(default_factory=dict)  # code -> Indicator, in display order
    rates: dict = field(default_factory=dict)  # code -> RateDefinition
    checks: list = field(default_factory=list)  # FigureCheck rows

    def section(self, section):
        return [i for i in self.indicators.values() if i.section == section]

    @cached_property
    def names(self) -> dict:
        """code -> name of every indicator in use, in the reader's language: how checks name
        a figure."""
        return {code: i.display_name for code, i in self.indicators.items()}

    def is_active(self, spec) -> bool:
        """Every term of the rate is an indicator in use (a rate over a retired indicator is
        computed from the counts in use: then it has none)."""
        return all(c in self.indicators for c in (*spec.numerator, *spec.denominator))

    def rates_stated_on(self, indicator_code):
        return [r for r in self.rates.values() if r.stated_on.code == indicator_code]


def load(include_inactive=False) -> Catalog:
    # Imported here, not above: the migrations and the article writer (narrative.py) read
    # the built-in catalogue without loading the models.
    from officereports.reports.models import FigureCheck, Indicator, RateDefinition

    q = Indicator.objects.order_by("position", "code")
    if not include_inactive:
        q = q.filter(is_active=True)
    indicators = {i.code: i for i in q}
    rates = {r.code: r for r in RateDefinition.objects.select_related("stated_on")}
    return Catalog(indicators, rates, list(FigureCheck.objects.all()))
